package io.handlespy.capture.synthetic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the synthetic agent meant to happen, recorded as it generated the stream:
 * every lifetime with its stack, create and close time (ns since start; -1 =
 * never closed), plus the totals a recording of the stream must show. Tests
 * assert the store and the analysis against this, not against a second
 * implementation of pairing.
 */
public final class GroundTruth {
    private int n;
    private int[] stack = new int[1024];
    private long[] handle = new long[1024], create = new long[1024], close = new long[1024];
    private boolean[] snapshot = new boolean[1024];
    private final Map<String, Integer> stackIds = new HashMap<>();
    long durationNanos, events, unmatchedCloses, implicitCloses, drops;
    long lastOsCount = -1;
    private final boolean keepLifetimes;

    /** Ground truth with every lifetime, for tests. */
    GroundTruth() {
        this(true);
    }

    /** With {@code keepLifetimes} false only the totals are kept: a stream of billions of lifetimes runs in constant memory. */
    GroundTruth(boolean keepLifetimes) {
        this.keepLifetimes = keepLifetimes;
    }

    int add(int stackId, long value, long createdAt, boolean isSnapshot) {
        if (!keepLifetimes) return -1;
        if (n == stack.length) {
            int c = n * 2;
            stack = Arrays.copyOf(stack, c);
            handle = Arrays.copyOf(handle, c);
            create = Arrays.copyOf(create, c);
            close = Arrays.copyOf(close, c);
            snapshot = Arrays.copyOf(snapshot, c);
        }
        stack[n] = stackId;
        handle[n] = value;
        create[n] = createdAt;
        close[n] = -1;
        snapshot[n] = isSnapshot;
        return n++;
    }

    void closed(int lifetime, long at) {
        if (keepLifetimes) close[lifetime] = at;
    }

    void nameStack(String name, int id) { stackIds.put(name, id); }

    /** The stack id the stream gave the stack named {@code name} (its creating function), or 0 if never used. */
    public int stackId(String name) { return stackIds.getOrDefault(name, 0); }

    public long durationNanos() { return durationNanos; }

    /** CREATE, CLOSE, DUPLICATE and SNAPSHOT frames in the stream. */
    public long events() { return events; }

    public int lifetimes() { return n; }

    /** Lifetimes started by CREATE or DUPLICATE (snapshots excluded). */
    public long creates() { return n - snapshots(); }

    public long snapshots() {
        long s = 0;
        for (int i = 0; i < n; i++) if (snapshot[i]) s++;
        return s;
    }

    /** Lifetimes that ended, however they ended (close, close-source, dup2 onto them, a create reusing their value). */
    public long closes() {
        long c = 0;
        for (int i = 0; i < n; i++) if (close[i] >= 0) c++;
        return c;
    }

    public long unmatchedCloses() { return unmatchedCloses; }

    /** CREATEs of a value that was still open: the agent missed a close. */
    public long implicitCloses() { return implicitCloses; }

    public long drops() { return drops; }

    /** The OS count of the last SAMPLE, -1 if unavailable. */
    public long lastOsCount() { return lastOsCount; }

    /** Lifetimes open at {@code t} (snapshots included), i.e. the tracked count. */
    public long liveAt(long t) {
        long live = 0;
        for (int i = 0; i < n; i++) if (create[i] <= t && (close[i] < 0 || close[i] > t)) live++;
        return live;
    }

    public long openAtEnd() { return liveAt(Long.MAX_VALUE - 1); }

    /** Leaks per stack id: non-snapshot lifetimes created in [from, to] and not closed by {@code horizon}. */
    public Map<Integer, Integer> leaks(long from, long to, long horizon) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (!snapshot[i] && create[i] >= from && create[i] <= to && (close[i] < 0 || close[i] > horizon)) {
                out.merge(stack[i], 1, Integer::sum);
            }
        }
        return out;
    }

    /** Snapshot handles still open at {@code horizon}. */
    public int openBeforeRecording(long horizon) {
        int c = 0;
        for (int i = 0; i < n; i++) if (snapshot[i] && (close[i] < 0 || close[i] > horizon)) c++;
        return c;
    }

    /** Handle values of the leaks of one stack in [from, to] at {@code horizon}, in creation order. */
    public long[] leakedValues(int stackId, long from, long to, long horizon) {
        return java.util.stream.IntStream.range(0, n)
            .filter(i -> !snapshot[i] && stack[i] == stackId && create[i] >= from && create[i] <= to
                && (close[i] < 0 || close[i] > horizon))
            .mapToLong(i -> handle[i]).toArray();
    }
}
