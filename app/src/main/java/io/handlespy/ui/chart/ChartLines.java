package io.handlespy.ui.chart;

import io.handlespy.analysis.QuotaWatch;
import io.handlespy.analysis.SeriesLine;
import io.handlespy.protocol.HandleCategory;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;

/**
 * The split count lines of a scene (per category or per type), reduced to the
 * plot's columns like the total, with their colours, the legend and the quota
 * warning. Shared by the canvas and the SVG export so both show the same.
 */
final class ChartLines {
    /** The quota line's colour. */
    static final Color QUOTA = Color.web("#cf222e");

    record Line(SeriesLine line, Columns columns, Color color) {}

    private ChartLines() {}

    static List<Line> reduce(ChartRenderer.Scene s, int width) {
        if (s.series() == null) return List.of();
        List<Line> out = new ArrayList<>();
        List<SeriesLine> lines = s.series().lines();
        for (int i = 0; i < lines.size(); i++) {
            SeriesLine l = lines.get(i);
            out.add(new Line(l, Columns.reduce(l.points(), s.viewport(), width), LineColors.of(l, i)));
        }
        return out;
    }

    /** The y-axis top: above every count drawn, and above the quota when a warning is shown. */
    static double yMax(Columns tracked, Columns os, List<Line> lines) {
        double peak = Math.max(tracked.peak(), os.peak());
        for (Line l : lines) peak = Math.max(peak, l.columns().peak());
        if (quotaWarning(lines) != null) peak = Math.max(peak, HandleCategory.DEFAULT_QUOTA);
        return Ticks.niceTop(peak);
    }

    /** The legend, one entry per line, then what Windows does not report; empty without lines. */
    static List<String> legend(List<Line> lines) {
        List<String> out = new ArrayList<>();
        boolean guiTracked = false, guiReported = false;
        for (Line l : lines) {
            out.add(l.line().osReported() ? l.line().label() + ", dashed" : l.line().label());
            boolean gui = l.line().perCategory() && l.line().category() != HandleCategory.KERNEL;
            if (gui && l.line().osReported()) guiReported = true; else if (gui) guiTracked = true;
        }
        if (guiTracked && !guiReported) out.add("GDI/USER counts by Windows: not available");
        return out;
    }

    /**
     * The kernel handles' count: the kernel category's line, or {@code total} when every
     * line drawn is of kernel handles (or none is); null when the count is split per type
     * and some types are GDI or USER objects, which leaves the kernel count unknown.
     */
    static Columns kernel(List<Line> lines, Columns total) {
        boolean gui = false;
        for (Line l : lines) {
            SeriesLine s = l.line();
            if (s.perCategory() && !s.osReported() && s.category() == HandleCategory.KERNEL) return l.columns();
            if (s.category() == HandleCategory.GDI || s.category() == HandleCategory.USER) gui = true;
        }
        return gui ? null : total;
    }

    /** The warning for the highest GDI or USER category line near its quota in view; null when none is. */
    static String quotaWarning(List<Line> lines) {
        Line worst = null;
        for (Line l : lines) {
            if (!l.line().perCategory() || !QuotaWatch.near(l.line().category(), l.columns().peak())) continue;
            if (worst == null || l.columns().peak() > worst.columns().peak()) worst = l;
        }
        return worst == null ? null : QuotaWatch.warning(worst.line().label(), worst.columns().peak());
    }
}
