package io.handlespy.store;

import java.util.List;

/**
 * What a recording keeps of each lifetime. {@link #FULL} keeps every lifetime with
 * its stack, handle value, name and close time. {@link #OPEN} ({@code record --retain open})
 * is for services recorded for days: every lifetime still open is kept in full, as
 * in {@link #FULL}, but a lifetime that closed is kept only as a count per create
 * stack, handle type and create-time bucket ({@link ClosedCounts}), so the file grows
 * with time and with the handles left open, not with the churn.
 */
public enum Retention {
    FULL("full", List.of()),
    OPEN("open", List.of(
        "leaks with horizon end (the default) are exact; with horizon window, handles created in the window and "
            + "closed after it but before the end of the recording are not listed (a lower bound)",
        "closed handles are counted per create stack, type and create-time bucket (1 s for the last hour "
            + "of the recording, 1 min before), without handle values, names, threads or close times",
        "closed-lifetime durations are only a per-bucket mean and maximum",
        "creates per window (pprof, compare inputs) count closed handles by whole buckets",
        "the chart's finest resolution is 1 s; per-stack live counts (growth) are sampled every 10 s; "
            + "OS handle counts are kept once per second"));

    /** The meta key of a recording's retention; a recording without it was made before retention modes: FULL. */
    static final String META_KEY = "retention";

    private final String cliName;
    private final List<String> approximations;

    Retention(String cliName, List<String> approximations) {
        this.cliName = cliName;
        this.approximations = approximations;
    }

    /** The name {@code record --retain} takes and {@code info} shows. */
    public String cliName() { return cliName; }

    /** What this mode keeps only approximately, one sentence each; empty for {@link #FULL}. */
    public List<String> approximations() { return approximations; }

    /** The mode named {@code name} ({@link #cliName}); {@link #FULL} for a recording that names none. */
    public static Retention named(String name) {
        if (name == null) return FULL;
        for (Retention r : values()) if (r.cliName.equals(name)) return r;
        throw new IllegalArgumentException("unknown retention mode '" + name + "' (known: full, open)");
    }
}
