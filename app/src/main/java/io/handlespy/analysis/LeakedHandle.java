package io.handlespy.analysis;

/** One handle created in the window and still open at the horizon. */
public record LeakedHandle(long value, String type, String name, long createdAtNanos, long thread) {}
