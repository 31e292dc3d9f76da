package io.handlespy.ui.chart;

import io.handlespy.analysis.TimeWindow;

/**
 * The visible stretch of time, kept inside the recording's bounds. Zooming keeps
 * the time under the pointer where it is; the span never shrinks below
 * {@link #MIN_SPAN_NANOS} so the axis stays readable.
 */
public record Viewport(long fromNanos, long toNanos, long boundFromNanos, long boundToNanos) {
    public static final long MIN_SPAN_NANOS = 1_000_000L;

    public Viewport {
        if (boundToNanos <= boundFromNanos) boundToNanos = boundFromNanos + MIN_SPAN_NANOS;
        if (toNanos < fromNanos) throw new IllegalArgumentException("viewport ends before it starts");
    }

    /** Everything, with bounds equal to the window. */
    public static Viewport all(TimeWindow whole) {
        long to = Math.max(whole.toNanos(), whole.fromNanos() + MIN_SPAN_NANOS);
        return new Viewport(whole.fromNanos(), to, whole.fromNanos(), to);
    }

    public long span() { return toNanos - fromNanos; }

    public TimeWindow window() { return new TimeWindow(fromNanos, toNanos); }

    public boolean isAll() { return fromNanos == boundFromNanos && toNanos == boundToNanos; }

    /** {@code factor} < 1 zooms in around {@code anchorNanos}; > 1 zooms out. */
    public Viewport zoom(long anchorNanos, double factor) {
        long bound = boundToNanos - boundFromNanos;
        long span = Math.max(MIN_SPAN_NANOS, Math.min(bound, Math.round(span() * factor)));
        double rel = span() == 0 ? 0.5 : (double) (anchorNanos - fromNanos) / span();
        long from = anchorNanos - Math.round(rel * span);
        return placed(from, span);
    }

    public Viewport pan(long deltaNanos) { return placed(fromNanos + deltaNanos, span()); }

    /** The recording grew (live capture): widen the bounds, following the end if it was in view. */
    public Viewport withBounds(TimeWindow whole) {
        Viewport grown = all(whole);
        if (isAll()) return grown;
        boolean followingEnd = toNanos >= boundToNanos;
        Viewport kept = new Viewport(fromNanos, toNanos, grown.boundFromNanos, grown.boundToNanos);
        return followingEnd ? kept.placed(grown.boundToNanos - span(), span()) : kept.placed(fromNanos, span());
    }

    private Viewport placed(long from, long span) {
        long lo = Math.max(boundFromNanos, Math.min(from, boundToNanos - span));
        return new Viewport(lo, lo + span, boundFromNanos, boundToNanos);
    }
}
