package io.handlespy.capture;

import java.util.OptionalInt;

/**
 * How a capture ended. {@code targetExitCode} is known when the target exited
 * while being recorded (always in launch mode).
 */
public record CaptureResult(Ending ending, String message, OptionalInt targetExitCode, long frames) {
    public enum Ending {
        /** Detached on request; the target runs on. */
        DETACHED,
        /** The target exited. */
        TARGET_EXITED,
        /** The helper failed or died; what it sent before is kept. */
        HELPER_FAILED,
        /** The event channel carried bytes that are not protocol; what was decoded before is kept. */
        CHANNEL_CORRUPT
    }
}
