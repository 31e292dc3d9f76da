package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;

/** One handle created in the window and still open at the horizon. */
public record LeakedHandle(long value, String type, String name, long createdAtNanos, long thread, HandleCategory category) {
    /** A kernel handle. */
    public LeakedHandle(long value, String type, String name, long createdAtNanos, long thread) {
        this(value, type, name, createdAtNanos, thread, HandleCategory.KERNEL);
    }
}
