package io.handlespy.store;

import java.util.Locale;

/**
 * What one Token handle holds: the logon session it keeps alive (its AuthenticationId
 * LUID, HighPart &lt;&lt; 32 | LowPart), the account, primary or impersonation, and the
 * impersonation level ({@link #LEVEL_NONE} for a primary token).
 */
public record TokenFacts(long logonSession, int tokenType, int impersonationLevel, String account) {
    public static final int PRIMARY = 1, IMPERSONATION = 2, LEVEL_NONE = 0xFFFF;
    private static final String[] LEVELS = {"Anonymous", "Identification", "Impersonation", "Delegation"};

    /** The LUID as Windows tools print it: "00000000:000003e7". */
    public String logonSessionText() {
        return String.format(Locale.ROOT, "%08x:%08x", logonSession >>> 32, logonSession & 0xFFFF_FFFFL);
    }

    public String typeName() {
        return switch (tokenType) {
            case PRIMARY -> "Primary";
            case IMPERSONATION -> "Impersonation";
            default -> "type " + tokenType;
        };
    }

    /** Anonymous … Delegation; null for a primary token, which has no level. */
    public String levelName() {
        if (tokenType == PRIMARY || impersonationLevel == LEVEL_NONE) return null;
        return impersonationLevel >= 0 && impersonationLevel < LEVELS.length ? LEVELS[impersonationLevel]
            : "level " + impersonationLevel;
    }

    /** Identifies the lifetime a token row belongs to, as a lifetime is identified in a recording. */
    public record Key(long handle, long createNanos) {}
}
