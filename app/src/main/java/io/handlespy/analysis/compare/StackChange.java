package io.handlespy.analysis.compare;

import io.handlespy.analysis.StackFrame;
import java.util.List;

/** How the leak count of one create stack changed from an old recording to a new one. */
public record StackChange(Change change, StackKey key, int oldCount, int newCount, List<StackFrame> stack) {
    public enum Change {
        /** Leaks in the new recording, none in the old. */
        APPEARED,
        /** Leaks more in the new recording. */
        GREW,
        /** Leaks less (but still leaks) in the new recording. */
        SHRANK,
        /** Leaked in the old recording, not in the new. */
        DISAPPEARED,
        /** The same count in both. */
        UNCHANGED
    }

    public StackChange {
        stack = List.copyOf(stack);
    }

    public int delta() { return newCount - oldCount; }

    /** A leak the old recording did not have or had less of: what {@code --fail-on-new-leaks} fails on. */
    public boolean isNewOrGrown() { return change == Change.APPEARED || change == Change.GREW; }

    static Change classify(int oldCount, int newCount) {
        if (oldCount == newCount) return Change.UNCHANGED;
        if (oldCount == 0) return Change.APPEARED;
        if (newCount == 0) return Change.DISAPPEARED;
        return newCount > oldCount ? Change.GREW : Change.SHRANK;
    }
}
