package io.handlespy.analysis;

/** A closed interval of recording time, in nanoseconds since the recording started. */
public record TimeWindow(long fromNanos, long toNanos) {
    public TimeWindow {
        if (toNanos < fromNanos) throw new IllegalArgumentException("window ends (" + toNanos + ") before it starts (" + fromNanos + ")");
    }

    public static TimeWindow ofSeconds(double from, double to) {
        return new TimeWindow(Math.round(from * 1e9), Math.round(to * 1e9));
    }

    public long lengthNanos() { return toNanos - fromNanos; }

    public boolean contains(long t) { return t >= fromNanos && t <= toNanos; }
}
