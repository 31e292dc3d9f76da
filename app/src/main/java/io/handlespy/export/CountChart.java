package io.handlespy.export;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report's chart as inline SVG: the tracked count as a min–max band with
 * its maximum drawn as a line, the OS-reported count as a second line, and the
 * exported window shaded. No xmlns attribute: inline SVG in HTML needs none, and
 * the report must not name any URL.
 */
final class CountChart {
    static final int WIDTH = 900, HEIGHT = 260;
    private static final int LEFT = 56, RIGHT = 12, TOP = 12, BOTTOM = 36;

    private final CountSeries series;
    private final TimeWindow shaded;
    private final long t0, span;
    private final long yMax;

    CountChart(CountSeries series, TimeWindow shaded) {
        this.series = series;
        this.shaded = shaded;
        this.t0 = series.window().fromNanos();
        this.span = Math.max(1, series.window().lengthNanos());
        long max = 1;
        for (SeriesPoint p : series.tracked()) max = Math.max(max, p.max());
        for (SeriesPoint p : series.os()) max = Math.max(max, p.max());
        this.yMax = max;
    }

    String svg() {
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"Handle count over the recording\">\n");
        double wx0 = x(Math.max(shaded.fromNanos(), t0)), wx1 = x(Math.min(shaded.toNanos(), t0 + span));
        if (wx1 >= wx0) {
            s.append("<rect class=\"window\" x=\"").append(num(wx0)).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(num(Math.max(1, wx1 - wx0))).append("\" height=\"")
                .append(HEIGHT - TOP - BOTTOM).append("\"/>\n");
        }
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(HEIGHT - BOTTOM).append("\" x2=\"")
            .append(WIDTH - RIGHT).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"")
            .append(LEFT).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        label(s, LEFT - 6, TOP + 4, "end", Long.toString(yMax));
        label(s, LEFT - 6, HEIGHT - BOTTOM + 4, "end", "0");
        label(s, LEFT, HEIGHT - BOTTOM + 18, "start", seconds(t0) + " s");
        label(s, WIDTH - RIGHT, HEIGHT - BOTTOM + 18, "end", seconds(t0 + span) + " s");
        if (!series.tracked().isEmpty()) {
            s.append("<path class=\"band\" d=\"").append(band(series.tracked())).append("\"/>\n");
            s.append("<polyline class=\"tracked\" points=\"").append(line(series.tracked())).append("\"/>\n");
        }
        if (!series.os().isEmpty()) s.append("<polyline class=\"os\" points=\"").append(line(series.os())).append("\"/>\n");
        label(s, LEFT + 8, TOP + 14, "start", "tracked handles", "legend tracked-label");
        label(s, LEFT + 140, TOP + 14, "start", "OS handle count", "legend os-label");
        s.append("</svg>\n");
        return s.toString();
    }

    private String band(List<SeriesPoint> points) {
        StringBuilder d = new StringBuilder("M");
        for (SeriesPoint p : points) d.append(num(x(p.timeNanos()))).append(',').append(num(y(p.max()))).append(' ');
        for (int i = points.size() - 1; i >= 0; i--) {
            SeriesPoint p = points.get(i);
            d.append('L').append(num(x(p.timeNanos()))).append(',').append(num(y(p.min()))).append(' ');
        }
        return d.append('Z').toString();
    }

    private String line(List<SeriesPoint> points) {
        StringBuilder d = new StringBuilder();
        for (SeriesPoint p : points) {
            if (!d.isEmpty()) d.append(' ');
            d.append(num(x(p.timeNanos()))).append(',').append(num(y(p.max())));
        }
        return d.toString();
    }

    private static void label(StringBuilder s, double x, double y, String anchor, String text) {
        label(s, x, y, anchor, text, "label");
    }

    private static void label(StringBuilder s, double x, double y, String anchor, String text, String cls) {
        s.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
            .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(text)).append("</text>\n");
    }

    private double x(long t) {
        return LEFT + (double) (t - t0) / span * (WIDTH - LEFT - RIGHT);
    }

    private double y(long count) {
        return HEIGHT - BOTTOM - (double) count / yMax * (HEIGHT - TOP - BOTTOM);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
