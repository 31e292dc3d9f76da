package io.handlespy.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Recording times as the CLI shows and takes them: seconds since the recording started. */
final class Seconds {
    private Seconds() {}

    /** Nanoseconds as seconds with millisecond precision, as an exact decimal for JSON. */
    static BigDecimal of(long nanos) {
        return BigDecimal.valueOf(nanos, 9).setScale(3, RoundingMode.HALF_UP);
    }

    static long toNanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
