package io.handlespy.ui.chart;

import java.util.Arrays;

/**
 * Paints the series into an ARGB pixel buffer, one pixel column per
 * {@link Columns} column: the tracked count as a filled area with a line along
 * its min/max span, the OS count as a dashed line. A pixel buffer costs the same
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
        Arrays.fill(pixels, 0, width * height, c.background());
        int prevMid = -1;
        for (int x = 0; x < Math.min(width, tracked.width()); x++) {
            if (!tracked.present(x)) continue;
            int top = row(tracked.max(x), yMax);
            int bottom = row(tracked.min(x), yMax);
            vertical(x, top, height - 1, c.fill());
            // The line joins the previous column's level, so steps and spikes stay connected.
            int lineTop = prevMid < 0 ? top : Math.min(top, prevMid);
            int lineBottom = prevMid < 0 ? bottom : Math.max(bottom, prevMid);
            vertical(x, lineTop - 1, lineBottom, c.line());
            prevMid = (top + bottom) / 2;
        }
        int prev = -1;
        for (int x = 0; x < Math.min(width, os.width()); x++) {
            if (!os.present(x)) continue;
            int y = row(os.max(x), yMax);
            int yLow = row(os.min(x), yMax);
            if (x % (DASH + GAP) < DASH) {
                vertical(x, prev < 0 ? y : Math.min(prev, y), prev < 0 ? yLow : Math.max(prev, yLow), c.os());
            }
            prev = y;
        }
    }

    /** The pixel row of a count; 0 is the top. */
    private int row(double count, double yMax) {
        int r = (int) Math.round((height - 1) - count * (height - 1) / yMax);
        return Math.max(0, Math.min(height - 1, r));
    }

    private void vertical(int x, int from, int to, int argb) {
        int a = Math.max(0, Math.min(from, to));
        int b = Math.min(height - 1, Math.max(from, to));
        for (int y = a; y <= b; y++) pixels[y * width + x] = argb;
    }
}
