package io.handlespy.ui.chart;

/**
 * Paints the series into an ARGB pixel buffer, one pixel column per
 * {@link Columns} column: the tracked count as a filled area with a line along
 * its min/max span, the OS count as a dashed line two pixels thick drawn over
 * it, so it shows where the two agree. A pixel buffer costs the same
 * to draw whatever the data, and one image is cheap for any rendering pipeline
 * (a vector polygon with thousands of vertices is not, in software rendering).
 * Plain Java: no JavaFX needed, so the pixels are testable.
 */
public final class ColumnRaster {
    private static final int DASH = 6;
    private static final int GAP = 3;

    private int width;
    private int height;
    private int[] pixels = new int[0];
    private int[] fillTop = new int[0];
    private int[] lineTop = new int[0];
    private int[] lineBottom = new int[0];
    private int[] osTop = new int[0];
    private int[] osBottom = new int[0];

    /** Colours as non-premultiplied ARGB ints; a transparent background lets the grid behind show through. */
    public record Colors(int background, int fill, int line, int os) {}

    public int[] pixels() { return pixels; }

    public int width() { return width; }

    public int height() { return height; }

    /** Paints {@code tracked} and {@code os} into a {@code w}×{@code h} buffer with counts mapped to [0, yMax]. */
    public void paint(Columns tracked, Columns os, int w, int h, double yMax, Colors c) {
        width = Math.max(1, w);
        height = Math.max(1, h);
        if (pixels.length < width * height) pixels = new int[width * height];
        if (fillTop.length < width) {
            fillTop = new int[width];
            lineTop = new int[width];
            lineBottom = new int[width];
            osTop = new int[width];
            osBottom = new int[width];
        }
        spans(tracked, os, yMax);
        // Row by row, so the buffer is written in memory order: one pass, each pixel once.
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                int argb;
                if (y >= osTop[x] && y <= osBottom[x]) argb = c.os();
                else if (y >= lineTop[x] && y <= lineBottom[x]) argb = c.line();
                else if (y >= fillTop[x]) argb = c.fill();
                else argb = c.background();
                pixels[base + x] = argb;
            }
        }
    }

    /**
     * Draws one more count over what {@link #paint} painted: a line two pixels thick
     * along each column's min/max span, joined to the previous column's level,
     * dashed like the OS line when {@code dashed}.
     */
    public void line(Columns c, int argb, boolean dashed, double yMax) {
        int prev = -1;
        for (int x = 0; x < Math.min(width, c.width()); x++) {
            if (!c.present(x)) {
                prev = -1;
                continue;
            }
            int top = row(c.max(x), yMax);
            int bottom = row(c.min(x), yMax);
            int from = Math.max(0, (prev < 0 ? top : Math.min(prev, top)) - 1);
            int to = prev < 0 ? bottom : Math.max(prev, bottom);
            prev = (top + bottom) / 2;
            if (dashed && x % (DASH + GAP) >= DASH) continue;
            for (int y = from; y <= to; y++) pixels[y * width + x] = argb;
        }
    }

    /** Per column: where the fill starts, the line's span, the OS line's span (empty spans start below the image). */
    private void spans(Columns tracked, Columns os, double yMax) {
        int none = height;
        int prevMid = -1;
        for (int x = 0; x < width; x++) {
            fillTop[x] = none;
            lineTop[x] = none;
            lineBottom[x] = -1;
            osTop[x] = none;
            osBottom[x] = -1;
            if (x >= tracked.width() || !tracked.present(x)) continue;
            int top = row(tracked.max(x), yMax);
            int bottom = row(tracked.min(x), yMax);
            fillTop[x] = top;
            // The line joins the previous column's level, so steps and spikes stay connected.
            lineTop[x] = Math.max(0, (prevMid < 0 ? top : Math.min(top, prevMid)) - 1);
            lineBottom[x] = prevMid < 0 ? bottom : Math.max(bottom, prevMid);
            prevMid = (top + bottom) / 2;
        }
        int prev = -1;
        for (int x = 0; x < Math.min(width, os.width()); x++) {
            if (!os.present(x)) continue;
            int y = row(os.max(x), yMax);
            int yLow = row(os.min(x), yMax);
            if (x % (DASH + GAP) < DASH) {
                osTop[x] = Math.max(0, (prev < 0 ? y : Math.min(prev, y)) - 1);
                osBottom[x] = prev < 0 ? yLow : Math.max(prev, yLow);
            }
            prev = y;
        }
    }

    /** The pixel row of a count; 0 is the top. */
    private int row(double count, double yMax) {
        int r = (int) Math.round((height - 1) - count * (height - 1) / yMax);
        return Math.max(0, Math.min(height - 1, r));
    }
}
