package io.handlespy.store;

/**
 * One pre-aggregated count bucket [{@code startNanos}, {@code startNanos + sizeNanos}):
 * min/max/last tracked count, creates, closes, and min/max OS count (-1 when no sample).
 */
public record CountBucket(long startNanos, long sizeNanos, long min, long max, long last, long creates, long closes,
                          long osMin, long osMax) {}
