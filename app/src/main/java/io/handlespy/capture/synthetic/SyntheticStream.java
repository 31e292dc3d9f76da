package io.handlespy.capture.synthetic;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.Wire;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Generates the frames of one synthetic recording lazily, in time order, like a
 * Linux agent would: lowest-free descriptor numbers (so values are reused),
 * stacks sent once before first use, closes scheduled per lifetime.
 */
final class SyntheticStream implements Iterator<Frame> {
    static final long ANCHOR_TICKS = 5_000_000_000_000L;
    static final long ANCHOR_UNIX_NANOS = 1_763_600_000_000_000_000L;
    static final long PID = 4242;
    static final int UNTRACKED_OS_HANDLES = 5;
    private static final long SAMPLE_PERIOD = 100_000_000L;

    private enum Kind { CHURN, LEAK, SNAPSHOT }

    private static final class Live {
        final long fd;
        final int lifetime, type;
        final Kind kind;
        final long closeAt;
        boolean ended;

        Live(long fd, int lifetime, int type, Kind kind, long closeAt) {
            this.fd = fd;
            this.lifetime = lifetime;
            this.type = type;
            this.kind = kind;
            this.closeAt = closeAt;
        }
    }

    /**
     * A planned frame that is not churn. Order at equal times: samples, bursts, slow
     * leaks, snapshot closes, unmatched closes, the drop ({@code rank}), then by
     * burst or leak ({@code stream}) and by position in it ({@code seq}).
     */
    private record Special(long at, int rank, int stream, int seq, Runnable action) {}

    private static final int SAMPLES = 0, BURSTS = 1, STEADY = 2, SNAPSHOT_CLOSES = 3, UNMATCHED = 4, DROP = 5;
    private static final Comparator<Special> ORDER = Comparator.comparingLong(Special::at).thenComparingInt(Special::rank)
        .thenComparingInt(Special::stream).thenComparingInt(Special::seq);

    private final SyntheticConfig cfg;
    private final SplittableRandom rnd;
    private final GroundTruth truth;
    private final ArrayDeque<Frame> out = new ArrayDeque<>();
    // by descriptor value: values are the lowest free ones, so an array indexed by value stays small
    private Live[] live = new Live[64];
    private int liveCount;
    private final BitSet fds = new BitSet();
    private final CloseQueue closes = new CloseQueue();
    // periodic specials (samples, slow leaks) are queued one at a time, so a simulated week costs no memory
    private final PriorityQueue<Special> specials = new PriorityQueue<>(ORDER);
    // stack definitions are constants, so identity finds them without hashing their records
    private final Map<SyntheticModules.StackDef, Integer> stackIds = new IdentityHashMap<>();
    private final long churnEnd;
    private final double churnInterval;
    private long nextChurn;
    private boolean started, finished;

    SyntheticStream(SyntheticConfig cfg, GroundTruth truth) {
        this.cfg = cfg;
        this.truth = truth;
        this.rnd = new SplittableRandom(cfg.seed());
        this.churnEnd = cfg.durationNanos() - 10_000_000L;
        this.churnInterval = cfg.createsPerSecond() <= 0 ? Double.MAX_VALUE : 1e9 / cfg.createsPerSecond();
        this.nextChurn = cfg.createsPerSecond() <= 0 ? Long.MAX_VALUE : (long) (churnInterval * rnd.nextDouble());
        truth.durationNanos = cfg.durationNanos();
        planSpecials();
    }

    @Override
    public boolean hasNext() {
        while (out.isEmpty() && !finished) step();
        return !out.isEmpty();
    }

    @Override
    public Frame next() {
        if (!hasNext()) throw new NoSuchElementException();
        return out.poll();
    }

    private void planSpecials() {
        long d = cfg.durationNanos();
        every(SAMPLES, 0, 0, SAMPLE_PERIOD, d, this::sample);
        for (int b = 0; b < cfg.bursts().size(); b++) {
            SyntheticConfig.Burst burst = cfg.bursts().get(b);
            SyntheticModules.StackDef def = SyntheticModules.leakStack(burst.function());
            for (int i = 0; i < burst.count(); i++) {
                long at = burst.atNanos() + 100_000L * i;
                if (at < churnEnd) specials.add(new Special(at, BURSTS, b, i, () -> leak(at, def)));
            }
        }
        for (int s = 0; s < cfg.steadyLeaks().size(); s++) {
            SyntheticModules.StackDef def = SyntheticModules.leakStack(cfg.steadyLeaks().get(s).function());
            long step = (long) (1e9 / cfg.steadyLeaks().get(s).perSecond());
            every(STEADY, s, step / 2, step, churnEnd, t -> leak(t, def));
        }
        for (int i = 0; i < cfg.snapshotsClosed(); i++) {
            long fd = cfg.snapshotHandles() - 1 - i, at = d * (i + 1) / (cfg.snapshotsClosed() + 1);
            specials.add(new Special(at, SNAPSHOT_CLOSES, 0, i, () -> closeLive(fd, at)));
        }
        for (int i = 0; i < cfg.unmatchedCloses(); i++) {
            long at = d * (2L * i + 1) / (2L * cfg.unmatchedCloses() + 1), fd = 100_000 + i;
            specials.add(new Special(at, UNMATCHED, 0, i, () -> {
                emit(new Frame.Close(tick(at), fd, thread(), 0, SyntheticModules.A_CLOSE));
                truth.unmatchedCloses++;
            }));
        }
        if (cfg.droppedEvents() > 0) {
            specials.add(new Special(d / 2, DROP, 0, 0, () -> {
                out.add(new Frame.Dropped(tick(d / 2), cfg.droppedEvents()));
                truth.drops += cfg.droppedEvents();
            }));
        }
    }

    /** {@code action} at {@code first}, then every {@code step} ns before {@code end}, queued one at a time. */
    private void every(int rank, int stream, long first, long step, long end, LongConsumer action) {
        if (first >= end) return;
        specials.add(new Special(first, rank, stream, 0, () -> {
            action.accept(first);
            every(rank, stream, first + step, step, end, action);
        }));
    }

    private void step() {
        if (!started) {
            start();
            return;
        }
        long tClose = closes.isEmpty() ? Long.MAX_VALUE : closes.firstAt();
        long tSpecial = specials.isEmpty() ? Long.MAX_VALUE : specials.peek().at();
        long tChurn = nextChurn < churnEnd ? nextChurn : Long.MAX_VALUE;
        if (tClose == Long.MAX_VALUE && tSpecial == Long.MAX_VALUE && tChurn == Long.MAX_VALUE) {
            out.add(new Frame.Goodbye(tick(cfg.durationNanos()), Frame.Goodbye.TARGET_EXIT, "exit code 0"));
            finished = true;
        } else if (tClose <= tSpecial && tClose <= tChurn) {
            Live l = closes.poll();
            if (!l.ended) closeLive(l.fd, l.closeAt);
        } else if (tSpecial <= tChurn) {
            specials.poll().action().run();
        } else {
            churn(tChurn);
            nextChurn = tChurn + 1 + (long) (churnInterval * 2 * rnd.nextDouble());
        }
    }

    private void start() {
        started = true;
        out.add(new Frame.Hello(Wire.VERSION, Frame.Hello.OS_LINUX, Frame.Hello.ARCH_X64, PID, 1_000_000_000L,
            ANCHOR_TICKS, ANCHOR_UNIX_NANOS, SyntheticModules.MODULES.getFirst().path()));
        out.addAll(SyntheticModules.DEFINES);
        for (SyntheticModules.Module m : SyntheticModules.MODULES) {
            Frame.ModuleLoad l = m.load();
            out.add(new Frame.ModuleLoad(tick(0), l.base(), l.size(), l.debugIdKind(), l.debugId(), l.path()));
        }
        out.add(new Frame.Note(tick(0), Frame.Note.WARNING, "unhookable: close_range"));
        for (int fd = 0; fd < cfg.snapshotHandles(); fd++) {
            String name = fd < 3 ? "/dev/pts/0" : "/var/log/demo/boot-" + fd + ".log";
            int type = SyntheticModules.T_FILE;
            emit(new Frame.Snapshot(tick(0), fd, type, name));
            open(fd, truth.add(0, fd, 0, true), type, Kind.SNAPSHOT, Long.MAX_VALUE);
        }
    }

    private void churn(long t) {
        double r = rnd.nextDouble();
        if (r < cfg.missedCloseRate()) {
            Live victim = randomChurn();
            if (victim != null) {
                SyntheticModules.StackDef def = SyntheticModules.CHURN.get(0);
                ended(victim, t);
                truth.implicitCloses++;
                createOn(victim.fd, t, def);
                return;
            }
        }
        if (r < 0.075) {
            Live src = randomChurn();
            if (src != null && duplicate(t, src, r)) return;
        }
        int pick = rnd.nextInt(100);
        SyntheticModules.StackDef def = SyntheticModules.CHURN.get(
            pick < 40 ? 0 : pick < 60 ? 1 : pick < 70 ? 2 : pick < 85 ? 3 : pick < 92 ? 4 : pick < 97 ? 5 : 6);
        createOn(lowestFree(), t, def);
        if (def.api() == SyntheticModules.A_PIPE2) createOn(lowestFree(), t, def);
    }

    /** Picks the kind of duplicate by {@code r}; false if the chosen kind has no suitable target. */
    private boolean duplicate(long t, Live src, double r) {
        int type = src.type;
        if (r < 0.04) {
            long fd = lowestFree();
            int stack = stackId(SyntheticModules.DUP_STACK);
            emit(new Frame.Duplicate(tick(t), src.fd, fd, thread(), stack, 0, SyntheticModules.A_DUP,
                Frame.Duplicate.NEW_IN_SELF));
            open(fd, truth.add(stack, fd, t, false), type, Kind.CHURN, closeTime(t, false));
        } else if (r < 0.06) {
            Live target = randomChurn();
            if (target == null || target == src) return false;
            int stack = stackId(SyntheticModules.DUP2_STACK);
            emit(new Frame.Duplicate(tick(t), src.fd, target.fd, thread(), stack, 0, SyntheticModules.A_DUP2,
                Frame.Duplicate.NEW_IN_SELF | Frame.Duplicate.REPLACED_TARGET));
            ended(target, t);
            open(target.fd, truth.add(stack, target.fd, t, false), type, Kind.CHURN, closeTime(t, false));
        } else if (r < 0.07) {
            ended(src, t);
            long fd = lowestFree();
            int stack = stackId(SyntheticModules.DUP_STACK);
            emit(new Frame.Duplicate(tick(t), src.fd, fd, thread(), stack, 0, SyntheticModules.A_DUPLICATE_CLOSE,
                Frame.Duplicate.NEW_IN_SELF | Frame.Duplicate.CLOSES_SOURCE));
            open(fd, truth.add(stack, fd, t, false), type, Kind.CHURN, closeTime(t, false));
        } else {
            emit(new Frame.Duplicate(tick(t), src.fd, src.fd, thread(), stackId(SyntheticModules.DUP_STACK), 0,
                SyntheticModules.A_DUPLICATE_CLOSE, Frame.Duplicate.CLOSES_SOURCE));
            ended(src, t);
        }
        return true;
    }

    private void createOn(long fd, long t, SyntheticModules.StackDef def) {
        int stack = stackId(def);
        emit(new Frame.Create(tick(t), fd, thread(), stack, def.type(), def.api(), def.handleName()));
        open(fd, truth.add(stack, fd, t, false), def.type(), Kind.CHURN, closeTime(t, def.name().equals("cache_refresh")));
    }

    private void leak(long t, SyntheticModules.StackDef def) {
        long fd = lowestFree();
        int stack = stackId(def);
        emit(new Frame.Create(tick(t), fd, thread(), stack, def.type(), def.api(), def.handleName()));
        open(fd, truth.add(stack, fd, t, false), def.type(), Kind.LEAK, Long.MAX_VALUE);
    }

    private void sample(long t) {
        long os = cfg.osCountAvailable() ? liveCount + UNTRACKED_OS_HANDLES : Frame.Sample.UNAVAILABLE;
        out.add(new Frame.Sample(tick(t), os, Frame.Sample.UNAVAILABLE, Frame.Sample.UNAVAILABLE));
        truth.lastOsCount = cfg.osCountAvailable() ? os : -1;
    }

    private void closeLive(long fd, long t) {
        Live l = live(fd);
        emit(new Frame.Close(tick(t), fd, thread(), 0, SyntheticModules.A_CLOSE));
        ended(l, t);
    }

    private void ended(Live l, long t) {
        l.ended = true;
        if (live[(int) l.fd] != null) liveCount--;
        live[(int) l.fd] = null;
        fds.clear((int) l.fd);
        truth.closed(l.lifetime, t);
    }

    private void open(long fd, int lifetime, int type, Kind kind, long closeAt) {
        Live l = new Live(fd, lifetime, type, kind, closeAt);
        if (fd >= live.length) live = Arrays.copyOf(live, Math.max((int) fd + 1, live.length * 2));
        if (live[(int) fd] == null) liveCount++;
        live[(int) fd] = l;
        fds.set((int) fd);
        if (closeAt != Long.MAX_VALUE) closes.add(l);
    }

    private long closeTime(long t, boolean longLived) {
        double mean = longLived ? 2e9 : rnd.nextInt(10) == 0 ? 2e8 : 2e6;
        long d = 1 + (long) (-Math.log(1 - rnd.nextDouble()) * mean);
        return Math.min(t + d, cfg.durationNanos() - 1_000L);
    }

    private Live randomChurn() {
        int bound = fds.length();
        for (int i = 0; i < 8 && bound > 0; i++) {
            Live l = live(rnd.nextInt(bound));
            if (l != null && l.kind == Kind.CHURN) return l;
        }
        return null;
    }

    private Live live(long fd) {
        return fd < live.length ? live[(int) fd] : null;
    }

    private long lowestFree() {
        return fds.nextClearBit(3);
    }

    private int stackId(SyntheticModules.StackDef def) {
        Integer id = stackIds.get(def);
        if (id != null) return id;
        int newId = stackIds.size() + 1;
        stackIds.put(def, newId);
        truth.nameStack(def.name(), newId);
        out.add(new Frame.Stack(newId, SyntheticModules.addresses(def)));
        return newId;
    }

    private long thread() {
        return PID + rnd.nextInt(cfg.threads());
    }

    private void emit(Frame f) {
        truth.events++;
        out.add(f);
    }

    private static long tick(long ns) {
        return ANCHOR_TICKS + ns;
    }

    /**
     * The scheduled closes, earliest first: a binary heap of close times in a long[]
     * beside its lifetimes, so ordering reads no objects. It moves entries exactly as
     * {@link PriorityQueue} does (same sift steps, same tie-breaking), so the stream
     * is the same as with a {@code PriorityQueue} ordered by close time.
     */
    private static final class CloseQueue {
        private long[] at = new long[256];
        private Live[] lives = new Live[256];
        private int size;

        boolean isEmpty() { return size == 0; }

        long firstAt() { return at[0]; }

        void add(Live l) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
                lives = Arrays.copyOf(lives, size * 2);
            }
            int k = size++;
            long key = l.closeAt;
            while (k > 0) {
                int parent = (k - 1) >>> 1;
                if (key >= at[parent]) break;
                at[k] = at[parent];
                lives[k] = lives[parent];
                k = parent;
            }
            at[k] = key;
            lives[k] = l;
        }

        Live poll() {
            Live first = lives[0];
            int n = --size;
            long key = at[n];
            Live last = lives[n];
            lives[n] = null;
            if (n > 0) {
                int k = 0, half = n >>> 1;
                while (k < half) {
                    int child = 2 * k + 1, right = child + 1;
                    if (right < n && at[child] > at[right]) child = right;
                    if (key <= at[child]) break;
                    at[k] = at[child];
                    lives[k] = lives[child];
                    k = child;
                }
                at[k] = key;
                lives[k] = last;
            }
            return first;
        }
    }
}
