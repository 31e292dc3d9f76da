package io.handlespy.analysis;

/** One bucket of a downsampled count series: the min and max count seen in it, so spikes survive. */
public record SeriesPoint(long timeNanos, long min, long max) {}
