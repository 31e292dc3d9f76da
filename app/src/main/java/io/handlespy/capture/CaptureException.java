package io.handlespy.capture;

/**
 * A target could not be listed, attached to or launched. The message is one plain
 * sentence saying what happened and how to fix it.
 */
public final class CaptureException extends Exception {
    /** Why, so callers can choose an exit code or a dialog. */
    public enum Reason { NO_SUCH_PROCESS_OR_ACCESS_DENIED, UNSUPPORTED_TARGET, HELPER_MISSING, FAILED }

    private final Reason reason;

    public CaptureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CaptureException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
