package io.handlespy.ui.chart;

import io.handlespy.analysis.TimeWindow;
import io.handlespy.protocol.HandleCategory;
import java.util.List;
import java.util.Locale;
import javafx.scene.paint.Color;

/**
 * The chart as an SVG document: grid and axes, the tracked count as a filled
 * step area, the OS count as a dashed line on top, and the selected window
 * marked with the horizon's edge dashed as on screen. Plain text, so it can be
 * written off the UI thread and checked without a screen.
 */
public final class ChartSvg {
    private ChartSvg() {}

    public static String render(ChartRenderer.Scene s, double width, double height, ChartPalette p) {
        Columns[] cols = new ChartRenderer().reduce(s, width);
        Columns tracked = cols[0];
        Columns os = cols[1];
        List<ChartLines.Line> lines = ChartLines.reduce(s, tracked.width());
        PixelMap m = ChartRenderer.map(s.viewport(), width, height, ChartLines.yMax(tracked, os, lines));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(rect("background", 0, 0, width, height, p.background()));
        grid(svg, m, p);
        selection(svg, m, s.selection(), s.horizonAtWindowEnd(), p, true);
        svg.append(area("tracked-fill", tracked, m, p.trackedFill()));
        svg.append(line("tracked", tracked, m, p.tracked(), 1.5, null));
        svg.append(line("os", os, m, p.os(), 2, "6 3"));
        for (ChartLines.Line l : lines) {
            svg.append(line("line-" + id(l.line().label()), l.columns(), m, l.color(), 2, l.line().osReported() ? "4 2" : null));
        }
        quota(svg, m, lines);
        legend(svg, m, lines, p);
        selection(svg, m, s.selection(), s.horizonAtWindowEnd(), p, false);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** An SVG id made of a line's label: letters and digits kept, anything else a dash. */
    static String id(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static void quota(StringBuilder svg, PixelMap m, List<ChartLines.Line> lines) {
        String warning = ChartLines.quotaWarning(lines);
        if (warning == null) return;
        double y = m.y(HandleCategory.DEFAULT_QUOTA);
        svg.append(String.format(Locale.ROOT, "<line id=\"quota\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>%n", m.left(), y, m.right(), y, hex(ChartLines.QUOTA)));
        svg.append(String.format(Locale.ROOT, "<text id=\"quota-warning\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>%n",
                m.right() - 6, y - 3, hex(ChartLines.QUOTA), escape("\u26a0 " + warning)));
    }

    private static void legend(StringBuilder svg, PixelMap m, List<ChartLines.Line> lines, ChartPalette p) {
        List<String> text = ChartLines.legend(lines);
        if (text.isEmpty()) return;
        double x = m.left() + 8, y = m.top() + 6;
        svg.append("<g id=\"legend\">\n");
        for (int i = 0; i < text.size(); i++) {
            double cy = y + 4 + 15 * i + 7.5;
            if (i < lines.size()) {
                ChartLines.Line l = lines.get(i);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                        + " stroke-width=\"2\"%s/>%n", x + 6, cy, x + 24, cy, hex(l.color()),
                        l.line().osReported() ? " stroke-dasharray=\"4 2\"" : ""));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" fill=\"%s\">%s</text>%n",
                    x + 30, cy, hex(p.axisText()), escape(text.get(i))));
        }
        svg.append("</g>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void grid(StringBuilder svg, PixelMap m, ChartPalette p) {
        for (double v : Ticks.values(0, m.yMax(), 5)) {
            double y = m.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    m.left(), y, m.right(), y, hex(p.grid())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline="
                    + "\"middle\" fill=\"%s\">%,.0f</text>%n", m.left() - 8, y, hex(p.axisText()), v));
        }
        for (Ticks.TimeTick t : Ticks.timeTicks(m)) {
            double x = m.x(t.nanos());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    x, m.top(), x, m.bottom(), hex(p.grid())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                    x, m.bottom() + 16, hex(p.axisText()), t.label()));
        }
    }

    /** The window: its fill under the series ({@code under}), its edges over them. */
    private static void selection(StringBuilder svg, PixelMap m, TimeWindow sel, boolean horizonAtWindowEnd,
                                  ChartPalette p, boolean under) {
        if (sel == null) return;
        double x0 = Math.max(m.left(), m.x(sel.fromNanos()));
        double x1 = Math.min(m.right(), m.x(sel.toNanos()));
        if (x1 < m.left() || x0 > m.right()) return;
        if (under) {
            svg.append(rect("window", x0, m.top(), Math.max(1, x1 - x0), m.height(), p.selectionFill()));
            return;
        }
        svg.append(String.format(Locale.ROOT, "<line id=\"window-start\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                + " stroke=\"%s\" stroke-width=\"1.5\"/>%n", x0, m.top(), x0, m.bottom(), hex(p.selectionEdge())));
        svg.append(String.format(Locale.ROOT, "<line id=\"window-end\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                + " stroke=\"%s\" stroke-width=\"1.5\"%s/>%n", x1, m.top(), x1, m.bottom(), hex(p.selectionEdge()),
                horizonAtWindowEnd ? "" : " stroke-dasharray=\"4 3\""));
    }

    private static String area(String id, Columns c, PixelMap m, Color color) {
        StringBuilder d = new StringBuilder();
        int first = -1;
        int last = -1;
        for (int x = 0; x < c.width(); x++) {
            if (!c.present(x)) continue;
            double px = m.left() + x;
            double py = m.y(c.max(x));
            d.append(first < 0 ? String.format(Locale.ROOT, "M%.1f %.1f", px, m.bottom()) : "")
             .append(String.format(Locale.ROOT, " L%.1f %.1f L%.1f %.1f", px, py, px + 1, py));
            if (first < 0) first = x;
            last = x;
        }
        if (first < 0) return "";
        d.append(String.format(Locale.ROOT, " L%.1f %.1f Z", m.left() + last + 1, m.bottom()));
        return String.format(Locale.ROOT, "<path id=\"%s\" d=\"%s\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n", id, d,
                hex(color), color.getOpacity());
    }

    private static String line(String id, Columns c, PixelMap m, Color color, double width, String dashes) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int x = 0; x < c.width(); x++) {
            if (!c.present(x)) {
                pen = false;
                continue;
            }
            double px = m.left() + x;
            d.append(String.format(Locale.ROOT, pen ? " L%.1f %.1f" : " M%.1f %.1f", px, m.y(c.max(x))));
            if (c.min(x) != c.max(x)) d.append(String.format(Locale.ROOT, " L%.1f %.1f", px, m.y(c.min(x))));
            pen = true;
        }
        if (d.isEmpty()) return "";
        return String.format(Locale.ROOT, "<path id=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>%n",
                id, d.toString().strip(), hex(color), width, dashes == null ? "" : " stroke-dasharray=\"" + dashes + "\"");
    }

    private static String rect(String id, double x, double y, double w, double h, Color fill) {
        return String.format(Locale.ROOT, "<rect id=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
                + " fill-opacity=\"%.2f\"/>%n", id, x, y, w, h, hex(fill), fill.getOpacity());
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
