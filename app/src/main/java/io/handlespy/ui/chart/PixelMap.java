package io.handlespy.ui.chart;

/** Maps recording time and handle counts to chart pixels and back, for a plot area of the given size. */
public record PixelMap(Viewport viewport, double left, double top, double width, double height, double yMax) {
    public double x(long nanos) {
        return left + (double) (nanos - viewport.fromNanos()) * width / viewport.span();
    }

    public long time(double x) {
        double rel = Math.max(0, Math.min(width, x - left)) / width;
        return viewport.fromNanos() + Math.round(rel * viewport.span());
    }

    public double y(double count) {
        return top + height - count * height / yMax;
    }

    public double bottom() { return top + height; }

    public double right() { return left + width; }
}
