package io.handlespy.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    // Pending sums in open addressing over primitive keys (linear probing, cleared at each
    // drain): every closed lifetime bumps two of them, and a HashMap keyed by a record
    // allocated a key and hashed its four fields twice per close.
    private long[] starts = new long[1 << 10], counts = new long[1 << 10], maxima = new long[1 << 10];
    private int[] stacks = new int[1 << 10], types = new int[1 << 10];
    private boolean[] fine = new boolean[1 << 10];
    private double[] seconds = new double[1 << 10];
    private int[] used = new int[1 << 9];
    private int size;

    /** A lifetime of {@code stack} and {@code type} created at {@code create} closed at {@code close}; {@code now} is the ingest clock. */
    void add(int stack, int type, long create, long close, long now) {
        long d = Math.max(0, close - create);
        if (create >= fineCutoff(now)) bump(true, Math.floorDiv(create, FINE) * FINE, stack, type, d);
        bump(false, Math.floorDiv(create, COARSE) * COARSE, stack, type, d);
    }

    private void bump(boolean isFine, long start, int stack, int type, long d) {
        int mask = starts.length - 1;
        int i = slot(isFine, start, stack, type, mask);
        while (counts[i] != 0 && !(starts[i] == start && stacks[i] == stack && types[i] == type && fine[i] == isFine)) {
            i = (i + 1) & mask;
        }
        if (counts[i] == 0) {
            starts[i] = start;
            stacks[i] = stack;
            types[i] = type;
            fine[i] = isFine;
            seconds[i] = 0;
            maxima[i] = 0;
            if (size == used.length) used = Arrays.copyOf(used, size * 2);
            used[size++] = i;
        }
        counts[i]++;
        seconds[i] += d / 1e9;
        if (d > maxima[i]) maxima[i] = d;
        if (size * 2 > starts.length) grow();
    }

    private static int slot(boolean isFine, long start, int stack, int type, int mask) {
        long h = (start * 0x9E3779B97F4A7C15L) ^ (stack * 0xC2B2AE3D27D4EB4FL) ^ ((long) type << 32 | (isFine ? 1 : 0));
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldStarts = starts, oldCounts = counts, oldMaxima = maxima;
        int[] oldStacks = stacks, oldTypes = types, oldUsed = used;
        boolean[] oldFine = fine;
        double[] oldSeconds = seconds;
        int n = starts.length * 2, oldSize = size;
        starts = new long[n];
        counts = new long[n];
        maxima = new long[n];
        stacks = new int[n];
        types = new int[n];
        fine = new boolean[n];
        seconds = new double[n];
        used = new int[n / 2];
        size = 0;
        int mask = n - 1;
        for (int k = 0; k < oldSize; k++) {
            int j = oldUsed[k], i = slot(oldFine[j], oldStarts[j], oldStacks[j], oldTypes[j], mask);
            while (counts[i] != 0) i = (i + 1) & mask;
            starts[i] = oldStarts[j];
            stacks[i] = oldStacks[j];
            types[i] = oldTypes[j];
            fine[i] = oldFine[j];
            counts[i] = oldCounts[j];
            seconds[i] = oldSeconds[j];
            maxima[i] = oldMaxima[j];
            used[size++] = i;
        }
    }

    /** Start of the oldest 1 s bucket kept when the ingest clock reads {@code now}. */
    static long fineCutoff(long now) {
        return Math.floorDiv(now - FINE_KEPT, FINE) * FINE;
    }

    /** What was counted since the last call, in the order first counted. */
    List<Row> drain() {
        List<Row> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = used[k];
            out.add(new Row(new Key(fine[i] ? FINE : COARSE, starts[i], stacks[i], types[i]), counts[i], seconds[i],
                maxima[i]));
            counts[i] = 0;
        }
        size = 0;
        return out;
    }
}
