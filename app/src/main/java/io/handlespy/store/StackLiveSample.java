package io.handlespy.store;

/** From {@code timeNanos} on, {@code live} handles created by stack {@code stackId} were open (100 ms resolution). */
public record StackLiveSample(int stackId, long timeNanos, long live) {}
