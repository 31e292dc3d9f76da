package io.handlespy.ui.chart;

import io.handlespy.analysis.SeriesPoint;
import java.util.Arrays;
import java.util.List;

/**
 * A series reduced to one min/max pair per pixel column, so drawing costs the
 * same however many events the recording holds, and spikes narrower than a
 * pixel still show. A count holds until it changes, so a column between two
 * samples (zoomed in, or a sparsely sampled OS count) holds the count its
 * last sample ended at; columns before the first or after the last sample hold NaN.
 */
public final class Columns {
    private final double[] min;
    private final double[] max;
    private final double peak;

    private Columns(double[] min, double[] max, double peak) {
        this.min = min;
        this.max = max;
        this.peak = peak;
    }

    /** Reduces {@code points} (sorted by time) that fall inside {@code viewport} to {@code width} columns. */
    public static Columns reduce(List<SeriesPoint> points, Viewport viewport, int width) {
        int w = Math.max(1, width);
        double[] min = new double[w];
        double[] max = new double[w];
        Arrays.fill(min, Double.NaN);
        Arrays.fill(max, Double.NaN);
        double[] last = new double[w];
        double peak = 0;
        long from = viewport.fromNanos();
        double perNano = (double) w / viewport.span();
        for (SeriesPoint p : points) {
            long t = p.timeNanos();
            if (t < from || t > viewport.toNanos()) continue;
            int c = Math.min(w - 1, (int) ((t - from) * perNano));
            if (Double.isNaN(min[c]) || p.min() < min[c]) min[c] = p.min();
            if (Double.isNaN(max[c]) || p.max() > max[c]) max[c] = p.max();
            last[c] = p.max();
            peak = Math.max(peak, p.max());
        }
        holdBetweenSamples(min, max, last);
        return new Columns(min, max, peak);
    }

    private static void holdBetweenSamples(double[] min, double[] max, double[] last) {
        int lastSample = -1;
        for (int c = 0; c < min.length; c++) if (!Double.isNaN(min[c])) lastSample = c;
        double held = Double.NaN;
        for (int c = 0; c < lastSample; c++) {
            if (!Double.isNaN(min[c])) {
                held = last[c];
            } else if (!Double.isNaN(held)) {
                min[c] = held;
                max[c] = held;
            }
        }
    }

    /** The largest difference between two series over the columns where both have a count; 0 if none. */
    public static double largestGap(Columns a, Columns b) {
        double gap = 0;
        for (int c = 0; c < Math.min(a.width(), b.width()); c++) {
            if (!a.present(c) || !b.present(c)) continue;
            gap = Math.max(gap, Math.max(Math.abs(a.max(c) - b.max(c)), Math.abs(a.min(c) - b.min(c))));
        }
        return gap;
    }

    public int width() { return min.length; }

    public boolean present(int column) { return !Double.isNaN(min[column]); }

    public double min(int column) { return min[column]; }

    public double max(int column) { return max[column]; }

    /** Largest count in view (0 when empty). */
    public double peak() { return peak; }

    /** How many columns hold a sample. */
    public int presentCount() {
        int n = 0;
        for (double v : min) if (!Double.isNaN(v)) n++;
        return n;
    }
}
