package io.handlespy.ui.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks (1, 2, 5 × 10ⁿ) for a range and a target count. */
public final class Ticks {
    private Ticks() {}

    public static double step(double range, int target) {
        if (range <= 0 || target <= 0) return 1;
        double raw = range / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double nice = norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10;
        return nice * mag;
    }

    /** Tick values in [lo, hi], multiples of {@link #step}. */
    public static List<Double> values(double lo, double hi, int target) {
        double step = step(hi - lo, target);
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    /** A tick on the time axis: where it stands and its label ("12.5 s"). */
    public record TimeTick(long nanos, String label) {}

    /**
     * The time axis of {@code m}: about one tick per 90 px (at least two), labelled in
     * seconds with as many decimals as the step needs. The canvas and the SVG export
     * draw the same ticks.
     */
    public static List<TimeTick> timeTicks(PixelMap m) {
        Viewport v = m.viewport();
        double fromS = v.fromNanos() / 1e9;
        double toS = v.toNanos() / 1e9;
        int target = (int) Math.max(2, m.width() / 90);
        double step = step(toS - fromS, target);
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        List<TimeTick> out = new ArrayList<>();
        for (double t : values(fromS, toS, target)) {
            out.add(new TimeTick(Math.round(t * 1e9), String.format(Locale.ROOT, "%." + decimals + "f s", t)));
        }
        return out;
    }

    /** A y-axis top a little above {@code peak}, on a tick. */
    public static double niceTop(double peak) {
        if (peak <= 0) return 10;
        double step = step(peak * 1.1, 5);
        return Math.ceil(peak * 1.1 / step) * step;
    }
}
