package io.handlespy.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre-aggregated counts at several resolutions, maintained at ingest so the
 * chart never scans lifetimes: per bucket the min, max and last tracked count,
 * creates and closes, and the min/max OS count. Buckets with no event and no
 * sample are not stored; their count is the previous bucket's last.
 */
final class CountBuckets {
    /**
     * Bucket sizes in ns, finest first: 10 ms, 100 ms, 1 s, 10 s, 100 s, 1000 s; a row's
     * level is the index here. A {@link Retention#FULL} recording keeps the first four;
     * a {@link Retention#OPEN} one keeps 1 s to 1000 s, so a week's chart reads about
     * 600 to 6,000 rows and the file holds no 10 ms rows (60 million a week).
     */
    static final long[] LEVELS = {10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L,
        1_000_000_000_000L};

    /** The levels (indexes into {@link #LEVELS}) a recording of {@code retention} keeps. */
    static int[] levelsOf(Retention retention) {
        return retention == Retention.OPEN ? new int[] {2, 3, 4, 5} : new int[] {0, 1, 2, 3};
    }

    record Row(int level, long idx, long min, long max, long last, long creates, long closes, long osMin, long osMax) {}

    private static final class Current {
        long idx = -1, end = Long.MIN_VALUE, min, max, last, creates, closes, osMin = -1, osMax = -1;
        boolean dirty;

        Row row(int level) { return new Row(level, idx, min, max, last, creates, closes, osMin, osMax); }
    }

    private final int[] levels;
    private final Current[] current;
    private final List<Row> done = new ArrayList<>();

    CountBuckets(Retention retention) {
        levels = levelsOf(retention);
        current = new Current[levels.length];
        for (int i = 0; i < current.length; i++) current[i] = new Current();
    }

    /** The tracked count went from {@code before} to {@code after} at {@code t} (t never decreases). */
    void change(long t, long before, long after) {
        for (int l = 0; l < current.length; l++) {
            Current c = roll(l, t, before);
            if (after < c.min) c.min = after;
            if (after > c.max) c.max = after;
            c.last = after;
            if (after > before) c.creates++; else c.closes++;
        }
    }

    /** An OS sample at {@code t}; {@code os} < 0 when the OS gave no count. */
    void sample(long t, long live, long os) {
        for (int l = 0; l < current.length; l++) {
            Current c = roll(l, t, live);
            if (os >= 0) {
                c.osMin = c.osMin < 0 ? os : Math.min(c.osMin, os);
                c.osMax = Math.max(c.osMax, os);
            }
        }
    }

    private Current roll(int l, long t, long live) {
        Current c = current[l];
        if (t >= c.end) {
            if (c.dirty) done.add(c.row(levels[l]));
            long size = LEVELS[levels[l]];
            c.idx = t / size;
            c.end = (c.idx + 1) * size;
            c.min = c.max = c.last = live;
            c.creates = c.closes = 0;
            c.osMin = c.osMax = -1;
        }
        c.dirty = true;
        return c;
    }

    /** Buckets finished or changed since the last call (the open ones included, to be upserted). */
    List<Row> drain() {
        List<Row> out = new ArrayList<>(done);
        done.clear();
        for (int l = 0; l < current.length; l++) {
            if (current[l].dirty) out.add(current[l].row(levels[l]));
            current[l].dirty = false;
        }
        return out;
    }
}
