package io.handlespy.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed lifetimes of a {@link Retention#OPEN} recording, counted per create
 * stack, handle type and create-time bucket, with the sum (seconds) and maximum
 * (ns) of their durations. Holds only what changed since the writer's last flush;
 * the writer adds it onto the stored rows.
 *
 * <p>Buckets: {@link #FINE} (1 s) for lifetimes created in the last
 * {@link #FINE_KEPT} (1 h) of the recording, and {@link #COARSE} (1 min) for all of
 * them. Why: the window a user drags on a week-long chart is minutes to hours wide,
 * where 1 min buckets cost 10,080 rows per stack and type for the week, and only the
 * recent past (what a live view zooms into) needs seconds; 1 s for the whole week
 * would be 604,800 rows per stack and type. The 1 s rows of lifetimes created more
 * than an hour before the recording's clock are deleted at each flush.
 */
final class ClosedCounts {
    static final long FINE = 1_000_000_000L, COARSE = 60_000_000_000L, FINE_KEPT = 3_600_000_000_000L;

    record Key(long sizeNanos, long startNanos, int stack, int type) {}

    record Row(Key key, long count, double durationSumSeconds, long durationMaxNanos) {}

    private static final class Sum {
        long count, max;
        double seconds;
    }

    private final Map<Key, Sum> pending = new HashMap<>();

    /** A lifetime of {@code stack} and {@code type} created at {@code create} closed at {@code close}; {@code now} is the ingest clock. */
    void add(int stack, int type, long create, long close, long now) {
        long d = Math.max(0, close - create);
        if (create >= fineCutoff(now)) bump(new Key(FINE, Math.floorDiv(create, FINE) * FINE, stack, type), d);
        bump(new Key(COARSE, Math.floorDiv(create, COARSE) * COARSE, stack, type), d);
    }

    private void bump(Key k, long d) {
        Sum s = pending.computeIfAbsent(k, x -> new Sum());
        s.count++;
        s.seconds += d / 1e9;
        if (d > s.max) s.max = d;
    }

    /** Start of the oldest 1 s bucket kept when the ingest clock reads {@code now}. */
    static long fineCutoff(long now) {
        return Math.floorDiv(now - FINE_KEPT, FINE) * FINE;
    }

    /** What was counted since the last call. */
    List<Row> drain() {
        List<Row> out = new ArrayList<>(pending.size());
        pending.forEach((k, s) -> out.add(new Row(k, s.count, s.seconds, s.max)));
        pending.clear();
        return out;
    }
}
