package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import io.handlespy.store.TokenFacts;

/**
 * One handle created in the window and still open at the horizon; {@code token} is
 * what a Token handle holds (logon session, account, type, level), null otherwise.
 */
public record LeakedHandle(long value, String type, String name, long createdAtNanos, long thread, TokenFacts token,
                           HandleCategory category) {
    /** The process that created it in a followed tree (record --follow-children), else 0. */
    public long pid() {
        return thread >>> 32;
    }

    /** The creating thread's id ({@code thread} also carries the pid in a followed tree). */
    public long tid() {
        return thread & 0xFFFF_FFFFL;
    }

    /** A kernel handle that is no token. */
    public LeakedHandle(long value, String type, String name, long createdAtNanos, long thread) {
        this(value, type, name, createdAtNanos, thread, null, HandleCategory.KERNEL);
    }

    /** A handle of {@code category} that is no token. */
    public LeakedHandle(long value, String type, String name, long createdAtNanos, long thread, HandleCategory category) {
        this(value, type, name, createdAtNanos, thread, null, category);
    }
}
