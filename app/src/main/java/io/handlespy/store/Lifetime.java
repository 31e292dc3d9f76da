package io.handlespy.store;

/**
 * One handle lifetime: a value from its create (or snapshot) to its close.
 * Times are ns since the recording started; {@code closeNanos} is -1 while open.
 * {@code snapshot} marks handles already open when recording started.
 */
public record Lifetime(long handle, int type, int api, int stackId, long thread, long createNanos, long closeNanos,
                       boolean snapshot, String name) {
    public boolean openAt(long t) {
        return closeNanos < 0 || closeNanos > t;
    }
}
