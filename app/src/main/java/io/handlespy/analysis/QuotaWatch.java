package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import java.util.Locale;

/**
 * When a GDI or USER count comes near Windows' per-process quota: at the quota
 * the program can create no more objects of that category and stops drawing.
 * The same 90 % threshold as the recording's warning note.
 */
public final class QuotaWatch {
    public static final long WARNING_AT = HandleCategory.DEFAULT_QUOTA * 9L / 10;

    private QuotaWatch() {}

    /** Whether a count of {@code category} at {@code count} deserves the warning. */
    public static boolean near(HandleCategory category, double count) {
        return category != HandleCategory.KERNEL && category != null && count >= WARNING_AT;
    }

    /** The warning, e.g. "GDI at 9,500: near the quota of 10,000". */
    public static String warning(String label, double count) {
        return String.format(Locale.ROOT, "%s at %,.0f: near the quota of %,d", label, count, HandleCategory.DEFAULT_QUOTA);
    }
}
