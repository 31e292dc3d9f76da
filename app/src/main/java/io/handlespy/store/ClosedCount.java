package io.handlespy.store;

/**
 * Closed lifetimes of one create stack and handle type, summed over the buckets of a
 * {@link Retention#OPEN} recording that a query read ({@code bucketNanos} wide):
 * how many, the mean and the longest duration.
 */
public record ClosedCount(int stackId, int type, long count, double durationSumSeconds, long durationMaxNanos,
                          long bucketNanos) {
    public double meanDurationSeconds() {
        return count == 0 ? 0 : durationSumSeconds / count;
    }
}
