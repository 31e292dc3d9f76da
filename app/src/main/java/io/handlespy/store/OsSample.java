package io.handlespy.store;

/** An OS-reported count at {@code timeNanos}; -1 where the OS gave none. */
public record OsSample(long timeNanos, long osHandles, long gdi, long user) {}
