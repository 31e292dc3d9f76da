package io.handlespy.ui.model;

import io.handlespy.analysis.TimeWindow;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How numbers, times and types read in the app: one place, so tables, status bar and exports agree. */
public final class Formats {
    private Formats() {}

    /** Seconds since recording start, millisecond precision: "12.345". */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** A window as "12.345 s – 20.000 s (7.655 s)". */
    public static String window(TimeWindow w) {
        return seconds(w.fromNanos()) + " s – " + seconds(w.toNanos()) + " s (" + seconds(w.lengthNanos()) + " s)";
    }

    /** Parses what a user typed as seconds ("12.5", "12,5", "12.5 s"); null if it is not a number ≥ 0. */
    public static Long parseSeconds(String text) {
        if (text == null) return null;
        String t = text.trim().toLowerCase(Locale.ROOT).replace(',', '.');
        if (t.endsWith("s")) t = t.substring(0, t.length() - 1).trim();
        try {
            double s = Double.parseDouble(t);
            return s >= 0 && Double.isFinite(s) ? Math.round(s * 1e9) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Grouped integer: "1,234,567". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate with a k/M suffix: "950/s", "12.3k/s", "1.20M/s". */
    public static String rate(double perSecond) {
        if (perSecond >= 1e6) return String.format(Locale.ROOT, "%.2fM/s", perSecond / 1e6);
        if (perSecond >= 1e4) return String.format(Locale.ROOT, "%.1fk/s", perSecond / 1e3);
        return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }

    /** Elapsed time as "m:ss" or "h:mm:ss". */
    public static String elapsed(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A handle value as its platform writes it: a Linux descriptor in decimal ("5"), a Windows handle in hex. */
    public static String handle(long value, boolean windows) {
        return windows ? hex(value) : Long.toString(value);
    }

    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** "logon 00000000:000003e7 NT AUTHORITY\SYSTEM Impersonation/Delegation"; "" for a handle that is no token. */
    public static String token(io.handlespy.store.TokenFacts t) {
        return t == null ? "" : "logon " + t.logonSessionText() + " " + t.account() + " "
            + io.handlespy.analysis.LogonSessions.kind(t);
    }

    /** Milliseconds with one decimal: "3.4 ms". */
    public static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** Handle types by count, largest first: "Event ×120, File ×3"; a single type reads just "Event". */
    public static String types(Map<String, Integer> types) {
        if (types.size() == 1) return types.keySet().iterator().next();
        return types.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
