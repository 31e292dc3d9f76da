package io.handlespy.ui.chart;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.protocol.HandleCategory;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Draws the handle-count chart on a canvas: the series as one image of pixel
 * columns, then grid and axes, the selected window and a crosshair on top. Cost
 * depends on the chart's size only, never on the event count.
 */
public final class ChartRenderer {
    public static final double LEFT = 64;
    public static final double RIGHT = 16;
    public static final double TOP = 14;
    public static final double BOTTOM = 26;

    private final Font font = Font.font("System", 11);
    private final ColumnRaster raster = new ColumnRaster();
    private WritableImage image;
    private List<String> legend = List.of();
    private Columns kernel;

    /** What to draw: everything the view model knows, plus the pointer position (NaN when outside). */
    public record Scene(Viewport viewport, CountSeries series, TimeWindow selection, boolean horizonAtWindowEnd,
                        double pointerX) {}

    public static PixelMap map(Viewport v, double width, double height, double yMax) {
        return new PixelMap(v, LEFT, TOP, Math.max(1, width - LEFT - RIGHT), Math.max(1, height - TOP - BOTTOM), yMax);
    }

    /** Reduces the scene's series to the plot's columns; returns them for the caller's readouts. */
    public Columns[] reduce(Scene s, double width) {
        int cols = (int) Math.max(1, width - LEFT - RIGHT);
        Columns tracked = Columns.reduce(s.series() == null ? java.util.List.of() : s.series().tracked(), s.viewport(), cols);
        Columns os = Columns.reduce(s.series() == null ? java.util.List.of() : s.series().os(), s.viewport(), cols);
        return new Columns[] {tracked, os};
    }

    /** Draws the scene; returns the tracked and OS columns drawn, for the caller's readouts. */
    public Columns[] draw(GraphicsContext g, double width, double height, Scene s, ChartPalette p) {
        Columns[] cols = reduce(s, width);
        Columns tracked = cols[0];
        Columns os = cols[1];
        List<ChartLines.Line> lines = ChartLines.reduce(s, tracked.width());
        PixelMap m = map(s.viewport(), width, height, ChartLines.yMax(tracked, os, lines));

        g.setFill(p.background());
        g.fillRect(0, 0, width, height);
        g.setFont(font);
        drawGrid(g, m, p);
        drawSeries(g, m, tracked, os, lines, p);
        drawQuota(g, m, lines);
        drawLegend(g, m, lines, p);
        drawSelection(g, m, s, p);
        drawCrosshair(g, m, s, tracked, os, p);
        legend = ChartLines.legend(lines);
        kernel = ChartLines.kernel(lines, tracked);
        return cols;
    }

    /**
     * What the OS-reported handle count counts, as drawn last (Windows' handle count
     * leaves GDI and USER objects out): see {@link ChartLines#kernel}; null when unknown.
     */
    public Columns kernel() { return kernel; }

    /** The legend of the split lines drawn last, top to bottom; empty when the count was not split. */
    public List<String> legend() { return legend; }

    private void drawQuota(GraphicsContext g, PixelMap m, List<ChartLines.Line> lines) {
        String warning = ChartLines.quotaWarning(lines);
        if (warning == null) return;
        double y = Math.round(m.y(HandleCategory.DEFAULT_QUOTA)) + 0.5;
        g.setStroke(ChartLines.QUOTA);
        g.setLineWidth(1.5);
        g.setLineDashes(8, 4);
        g.strokeLine(m.left(), y, m.right(), y);
        g.setLineDashes((double[]) null);
        g.setFill(ChartLines.QUOTA);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("\u26a0 " + warning, m.right() - 6, y - 3);
    }

    private void drawLegend(GraphicsContext g, PixelMap m, List<ChartLines.Line> lines, ChartPalette p) {
        List<String> text = ChartLines.legend(lines);
        if (text.isEmpty()) return;
        double rowH = 15;
        double w = 0;
        for (String t : text) w = Math.max(w, t.length() * 6.4);
        double x = m.left() + 8, y = m.top() + 6;
        g.setFill(p.background().deriveColor(0, 1, 1, 0.85));
        g.fillRoundRect(x, y, w + 40, rowH * text.size() + 8, 6, 6);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < text.size(); i++) {
            double cy = y + 4 + rowH * i + rowH / 2;
            if (i < lines.size()) {
                ChartLines.Line l = lines.get(i);
                g.setStroke(l.color());
                g.setLineWidth(2);
                if (l.line().osReported()) g.setLineDashes(4, 2);
                g.strokeLine(x + 6, cy, x + 24, cy);
                g.setLineDashes((double[]) null);
            }
            g.setFill(p.axisText());
            g.fillText(text.get(i), x + 30, cy);
        }
    }

    private void drawGrid(GraphicsContext g, PixelMap m, ChartPalette p) {
        g.setLineWidth(1);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v : Ticks.values(0, m.yMax(), 5)) {
            double y = Math.round(m.y(v)) + 0.5;
            g.setStroke(p.grid());
            g.strokeLine(m.left(), y, m.right(), y);
            g.setFill(p.axisText());
            g.fillText(String.format(Locale.ROOT, "%,.0f", v), m.left() - 8, y);
        }
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (Ticks.TimeTick t : Ticks.timeTicks(m)) {
            double x = Math.round(m.x(t.nanos())) + 0.5;
            g.setStroke(p.grid());
            g.strokeLine(x, m.top(), x, m.bottom());
            g.setFill(p.axisText());
            g.fillText(t.label(), x, m.bottom() + 6);
        }
    }

    private static void drawSelection(GraphicsContext g, PixelMap m, Scene s, ChartPalette p) {
        TimeWindow sel = s.selection();
        if (sel == null) return;
        double x0 = Math.max(m.left(), m.x(sel.fromNanos()));
        double x1 = Math.min(m.right(), m.x(sel.toNanos()));
        if (x1 < m.left() || x0 > m.right()) return;
        g.setFill(p.selectionFill());
        g.fillRect(x0, m.top(), Math.max(1, x1 - x0), m.bottom() - m.top());
        g.setStroke(p.selectionEdge());
        g.setLineWidth(1.5);
        if (m.x(sel.fromNanos()) >= m.left()) g.strokeLine(x0, m.top(), x0, m.bottom());
        if (m.x(sel.toNanos()) <= m.right()) {
            g.setLineDashes(s.horizonAtWindowEnd() ? null : new double[] {4, 3});
            g.strokeLine(x1, m.top(), x1, m.bottom());
            g.setLineDashes((double[]) null);
        }
    }

    /** The series as one image of pixel columns (see {@link ColumnRaster}). */
    private void drawSeries(GraphicsContext g, PixelMap m, Columns tracked, Columns os, List<ChartLines.Line> lines,
                            ChartPalette p) {
        int w = (int) Math.round(m.width());
        int h = (int) Math.round(m.height());
        raster.paint(tracked, os, w, h, m.yMax(), new ColumnRaster.Colors(0, argb(p.trackedFill()), argb(p.tracked()),
                argb(p.os())));
        for (ChartLines.Line l : lines) raster.line(l.columns(), argb(l.color()), l.line().osReported(), m.yMax());
        if (image == null || image.getWidth() != w || image.getHeight() != h) image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), raster.pixels(), 0, w);
        g.drawImage(image, m.left(), m.top());
    }

    private static int argb(Color c) {
        return ((int) Math.round(c.getOpacity() * 255) << 24) | ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
    }

    private void drawCrosshair(GraphicsContext g, PixelMap m, Scene s, Columns tracked, Columns os, ChartPalette p) {
        double x = s.pointerX();
        if (Double.isNaN(x) || x < m.left() || x > m.right()) return;
        g.setStroke(p.crosshair());
        g.setLineWidth(1);
        g.strokeLine(Math.round(x) + 0.5, m.top(), Math.round(x) + 0.5, m.bottom());
        int col = (int) Math.min(tracked.width() - 1, Math.max(0, x - m.left()));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.3f s", m.time(x) / 1e9));
        int near = nearestPresent(tracked, col);
        if (near >= 0) text.append(String.format(Locale.ROOT, "   tracked %,.0f", tracked.max(near)));
        int nearOs = nearestPresent(os, col);
        if (nearOs >= 0) text.append(String.format(Locale.ROOT, "   OS %,.0f", os.max(nearOs)));
        double tw = text.length() * 6.4 + 16;
        double bx = Math.min(m.right() - tw, x + 10);
        g.setFill(p.tooltipFill());
        g.fillRoundRect(bx, m.top() + 6, tw, 22, 8, 8);
        g.setFill(p.tooltipText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text.toString(), bx + 8, m.top() + 17);
    }

    private static int nearestPresent(Columns c, int col) {
        for (int d = 0; d < 6; d++) {
            if (col - d >= 0 && c.present(col - d)) return col - d;
            if (col + d < c.width() && c.present(col + d)) return col + d;
        }
        return -1;
    }
}
