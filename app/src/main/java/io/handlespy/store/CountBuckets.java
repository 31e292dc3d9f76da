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

    /**
     * One level's current bucket. The finest level's holds its own values. A coarser
     * level's holds only its finished child buckets, folded in as each finishes
     * ({@code started} once one was): every event then updates one bucket instead of
     * one per level, and a coarser bucket is its children combined. That is exact
     * because the levels nest and the count only changes by events: a child bucket's
     * starting count is the previous child's last, already in the parent's min and max.
     */
    private static final class Current {
        long idx = -1, end = Long.MIN_VALUE, min, max, last, creates, closes, osMin = -1, osMax = -1;
        boolean dirty, started;

        void start(long idx, long size, long live) {
            this.idx = idx;
            end = (idx + 1) * size;
            min = max = last = live;
            creates = closes = 0;
            osMin = osMax = -1;
            dirty = false;
        }

        /** Adds a finished child bucket (of the next finer level) to this one. */
        void fold(Current child) {
            if (started) {
                min = Math.min(min, child.min);
                max = Math.max(max, child.max);
                last = child.last;
                creates += child.creates;
                closes += child.closes;
                osMin = osMin < 0 ? child.osMin : child.osMin < 0 ? osMin : Math.min(osMin, child.osMin);
                osMax = Math.max(osMax, child.osMax);
            } else {
                min = child.min;
                max = child.max;
                last = child.last;
                creates = child.creates;
                closes = child.closes;
                osMin = child.osMin;
                osMax = child.osMax;
                started = true;
            }
            dirty |= child.dirty;
        }

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
        Current c = roll(t, before);
        if (after < c.min) c.min = after;
        if (after > c.max) c.max = after;
        c.last = after;
        if (after > before) c.creates++; else c.closes++;
    }

    /** An OS sample at {@code t}; {@code os} < 0 when the OS gave no count. */
    void sample(long t, long live, long os) {
        Current c = roll(t, live);
        if (os >= 0) {
            c.osMin = c.osMin < 0 ? os : Math.min(c.osMin, os);
            c.osMax = Math.max(c.osMax, os);
        }
    }

    /** The finest level's bucket at {@code t}, started with count {@code live} if {@code t} begins a new one. */
    private Current roll(long t, long live) {
        Current c = current[0];
        if (t >= c.end) {
            finish(0, t);
            c.start(t / LEVELS[levels[0]], LEVELS[levels[0]], live);
            c.started = true;
        }
        c.dirty = true;
        return c;
    }

    /** Level {@code l}'s bucket ended before {@code t}: keeps its row, folds it into its parent, ends the parent too if {@code t} is past it. */
    private void finish(int l, long t) {
        Current c = current[l];
        if (c.dirty) done.add(c.row(levels[l]));
        if (l + 1 < current.length) {
            Current parent = current[l + 1];
            if (c.started) parent.fold(c);
            if (t >= parent.end) {
                finish(l + 1, t);
                long size = LEVELS[levels[l + 1]];
                parent.start(t / size, size, 0);
                parent.started = false;
            }
        }
    }

    /** Buckets finished or changed since the last call (the open ones included, to be upserted). */
    List<Row> drain() {
        List<Row> out = new ArrayList<>(done);
        done.clear();
        Current finest = current[0];
        if (finest.dirty) out.add(finest.row(levels[0]));
        Current sofar = new Current();
        sofar.fold(finest);
        boolean dirty = finest.dirty;
        finest.dirty = false;
        for (int l = 1; l < current.length; l++) {
            Current c = current[l];
            Current level = new Current();
            level.idx = c.idx;
            if (c.started) level.fold(c);
            level.fold(sofar);
            dirty |= c.dirty;
            if (dirty) out.add(level.row(levels[l]));
            c.dirty = false;
            sofar = level;
        }
        return out;
    }
}
