package io.handlespy.store;

/** A point the user marked in a recording (an iteration boundary), in ns since the recording started. */
public record Marker(long timeNanos, String label) {}
