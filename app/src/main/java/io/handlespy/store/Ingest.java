package io.handlespy.store;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.HandleCategory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs creates with closes in memory and collects what the next flush must
 * write. Pure state, no I/O: {@link StoreWriter} drains it. Owned by the writer
 * thread only.
 */
final class Ingest {
    /** Interval of the per-stack live counts that growth ranking reads. */
    static final long STACK_SAMPLE_NANOS = 100_000_000L;
    /**
     * The same in a {@link Retention#OPEN} recording: growth reads at most 1,000 samples
     * over the recording, so 10 s still gives every sample its own value in recordings
     * over about 3 h, and a week costs 60,480 rows per changing stack instead of 6 million.
     */
    static final long RETAINED_STACK_SAMPLE_NANOS = 10_000_000_000L;
    /** A {@link Retention#OPEN} recording keeps one OS sample per this interval (the chart's buckets see all of them). */
    static final long RETAINED_SAMPLE_NANOS = 1_000_000_000L;

    static final class Open {
        final long handle, thread, create;
        final int type, api, stack;
        final String name;
        final boolean snapshot;
        long id = -1;
        boolean ended, deferred;
        StackCount count;
        Frame.Token token;

        Open(long handle, int type, int api, int stack, long thread, long create, boolean snapshot, String name) {
            this.handle = handle;
            this.type = type;
            this.api = api;
            this.stack = stack;
            this.thread = thread;
            this.create = create;
            this.snapshot = snapshot;
            this.name = name;
        }
    }

    record Closed(long id, long createNanos, long closeNanos) {}
    record StackLive(int stack, long t, long live) {}
    record Note(long t, int level, String text) {}
    /** The token facts of the lifetime created at {@code createNanos} with value {@code handle}. */
    record TokenRow(long handle, long createNanos, Frame.Token token) {}
    record Sample(long t, long os, long gdi, long user) {}
    record Module(int seq, long loadNanos, long unloadNanos, long base, long size, int debugKind, byte[] debugId,
                  String path) {}

    static final class StackCount {
        long live, written = 0;
        boolean dirty;
    }

    private final OpenHandles open = new OpenHandles();
    private final StackCounts stacks = new StackCounts();
    private final List<StackCount> dirtyStacks = new ArrayList<>();
    private final List<Integer> dirtyStackIds = new ArrayList<>();
    private final CountBuckets buckets;
    /** The same counts per handle type and per category (issues 12 and 13). */
    final KindBuckets kinds;
    private final List<Module> modules = new ArrayList<>();
    /** The process of each module (by seq) in a followed tree, else 0. */
    private final List<Long> moduleProcess = new ArrayList<>();
    final ProcessTree tree = new ProcessTree();
    private long anchorTicks, frequency;
    private boolean sawHello;
    private long mono, nextStackSample, nextId = 1, lastSnapshot = -1, nextKeptSample;
    private final long stackSampleNanos;

    final Retention retention;
    /** Closed lifetimes of a {@link Retention#OPEN} recording, which keeps no chunks. */
    final ClosedCounts closedCounts = new ClosedCounts();

    long events, creates, closes, drops, unmatchedCloses, implicitCloses, openSnapshots, lastOs = -1, endNanos = -1;
    /** Handles a followed process still held when it exited: no longer live, never closed. */
    private long leftAtExit;
    String goodbye;

    final LifetimeChunk.Builder chunk = new LifetimeChunk.Builder();
    final List<Open> newOpen = new ArrayList<>();
    final List<Closed> closedOpen = new ArrayList<>();
    final List<Frame.Stack> newStacks = new ArrayList<>();
    final List<Frame.Define> newDefines = new ArrayList<>();
    final List<Note> newNotes = new ArrayList<>();
    final List<Sample> newSamples = new ArrayList<>();
    final List<StackLive> newStackLive = new ArrayList<>();
    final List<Module> changedModules = new ArrayList<>();
    final List<TokenRow> newTokens = new ArrayList<>();
    /** Token facts of closed lifetimes, which a {@link Retention#OPEN} recording does not keep. */
    final List<TokenRow> closedTokens = new ArrayList<>();
    final Map<String, String> newMeta = new LinkedHashMap<>();
    int notes;
    final List<CodeSymbol> newCodeSymbols = new ArrayList<>();
    int codeSymbols;

    Ingest(Retention retention) {
        this.retention = retention;
        this.buckets = new CountBuckets(retention);
        this.kinds = new KindBuckets(() -> new CountBuckets(retention));
        this.stackSampleNanos = retention == Retention.OPEN ? RETAINED_STACK_SAMPLE_NANOS : STACK_SAMPLE_NANOS;
        this.nextStackSample = stackSampleNanos;
    }

    long liveNow() { return open.size(); }

    /** Handles never closed: those still live, and those the followed processes that exited left open. */
    long openAtEnd() { return open.size() + leftAtExit; }

    long lastNanos() { return mono; }

    void apply(Frame frame) throws RecordingException {
        if (!sawHello && !(frame instanceof Frame.Hello)) {
            throw new RecordingException("The event stream did not start with HELLO, so its times cannot be read.");
        }
        switch (frame) {
            case Frame.Hello h -> hello(h);
            case Frame.Create c -> {
                events++;
                long t = time(c.time());
                Open old = open.remove(tree.key(c.handle()));
                if (old != null) {
                    implicitCloses++;
                    end(old, t);
                }
                begin(new Open(c.handle(), c.type(), c.api(), tree.stack(c.stackId()), tree.thread(c.thread()), t, false,
                    c.name()));
            }
            case Frame.Close c -> {
                events++;
                long t = time(c.time());
                Open o = open.remove(tree.key(c.handle()));
                if (o == null) unmatchedCloses++; else end(o, t);
            }
            case Frame.Duplicate d -> duplicate(d);
            case Frame.Snapshot s -> {
                events++;
                long t = time(s.time());
                Open old = open.remove(tree.key(s.handle()));
                if (old != null) {
                    implicitCloses++;
                    end(old, t);
                }
                begin(new Open(s.handle(), s.type(), 0, 0, tree.thread(0), t, true, s.name()));
                if (t > lastSnapshot) {
                    lastSnapshot = t;
                    newMeta.put("last_snapshot_ns", Long.toString(t));
                }
            }
            case Frame.Sample s -> {
                long t = time(s.time());
                long os = s.osHandleCount() == Frame.Sample.UNAVAILABLE ? -1 : s.osHandleCount();
                if (os >= 0) lastOs = os;
                if (keepSample(t)) newSamples.add(new Sample(t, os, unavailable(s.gdiCount()), unavailable(s.userCount())));
                osQuotaWatch(HandleCategory.GDI, unavailable(s.gdiCount()));
                osQuotaWatch(HandleCategory.USER, unavailable(s.userCount()));
                buckets.sample(mono, open.size(), os);
                kinds.sample(mono, unavailable(s.gdiCount()), unavailable(s.userCount()));
            }
            case Frame.Dropped d -> {
                time(d.time());
                drops += d.count();
            }
            case Frame.Goodbye g -> {
                endNanos = time(g.time());
                goodbye = switch (g.reason()) {
                    case Frame.Goodbye.DETACHED -> "detached";
                    case Frame.Goodbye.TARGET_EXIT -> "target exited";
                    case Frame.Goodbye.ERROR -> "agent error";
                    default -> "reason " + g.reason();
                } + (g.message().isEmpty() ? "" : ": " + g.message());
            }
            case Frame.Define d -> newDefines.add(d);
            case Frame.Note n -> newNotes.add(new Note(time(n.time()), n.level(), n.text()));
            // A launched target's console output goes to the user (CaptureSession), not into the recording.
            case Frame.Output o -> time(o.time());
            case Frame.Token t -> {
                time(t.time());
                Open o = open.get(t.handle());
                if (o != null) token(o, t);
            }
            case Frame.Stack s -> newStacks.add(tree.stack(s));
            case Frame.Process p -> {
                long t = time(p.time());
                tree.apply(p, t);
                if (p.event() == Frame.Process.EXITED) exited(p.pid());
            }
            case Frame.CodeSymbol s -> {
                time(s.time());
                newCodeSymbols.add(new CodeSymbol(tree.current(), s.start(), s.size(), s.name()));
            }
            case Frame.ModuleLoad m -> {
                Module mod = new Module(modules.size(), time(m.time()), -1, m.base(), m.size(), m.debugIdKind(),
                    m.debugId(), m.path());
                tree.moduleLoaded(mod.seq());
                modules.add(mod);
                moduleProcess.add(tree.current());
                changedModules.add(mod);
            }
            case Frame.ModuleUnload u -> {
                long t = time(u.time());
                for (int i = modules.size() - 1; i >= 0; i--) {
                    Module m = modules.get(i);
                    if (m.base() == u.base() && m.unloadNanos() < 0 && moduleProcess.get(i) == tree.current()) {
                        Module gone = new Module(m.seq(), m.loadNanos(), t, m.base(), m.size(), m.debugKind(),
                            m.debugId(), m.path());
                        modules.set(i, gone);
                        changedModules.add(gone);
                        break;
                    }
                }
            }
        }
    }

    private void duplicate(Frame.Duplicate d) {
        events++;
        long t = time(d.time());
        Open src = open.get(tree.key(d.sourceHandle()));
        int type = d.type() != 0 ? d.type() : src != null ? src.type : 0;
        String name = src != null ? src.name : "";
        if (d.has(Frame.Duplicate.CLOSES_SOURCE)) {
            if (src == null) {
                unmatchedCloses++;
            } else {
                open.remove(tree.key(d.sourceHandle()));
                end(src, t);
            }
        }
        if (d.has(Frame.Duplicate.NEW_IN_SELF)) {
            Open old = open.remove(tree.key(d.newHandle()));
            if (old != null) {
                if (!d.has(Frame.Duplicate.REPLACED_TARGET)) implicitCloses++;
                end(old, t);
            }
            Open copy = new Open(d.newHandle(), type, d.api(), tree.stack(d.stackId()), tree.thread(d.thread()), t, false,
                name);
            begin(copy);
            // a duplicate refers to the same token object: same logon session, type and level
            if (src != null && src.token != null) token(copy, src.token);
        }
    }

    private void token(Open o, Frame.Token t) {
        o.token = t;
        newTokens.add(new TokenRow(o.handle, o.create, t));
    }

    private void begin(Open o) {
        stackSamples();
        long before = open.size();
        open.put(tree.key(o.handle), o);
        quotaWatch(o.type, 1);
        if (o.snapshot) {
            openSnapshots++;
        } else {
            creates++;
            StackCount s = stacks.of(o.stack);
            o.count = s;
            s.live++;
            markDirty(o.stack, s);
        }
        newOpen.add(o);
        buckets.change(mono, before, before + 1);
        kinds.change(mono, o.type, 1);
    }

    private void end(Open o, long t) {
        closes++;
        o.ended = true;
        if (o.snapshot) openSnapshots--;
        notLive(o);
        if (retention == Retention.OPEN) {
            if (!o.snapshot) closedCounts.add(o.stack, o.type, o.create, t, mono);
            if (o.token != null) closedTokens.add(new TokenRow(o.handle, o.create, o.token));
            if (o.id >= 0) closedOpen.add(new Closed(o.id, o.create, t));
        } else if (o.id < 0) {
            chunk.add(o.handle, o.type, o.api, o.stack, o.thread, o.create, t, o.snapshot, o.name);
        } else {
            closedOpen.add(new Closed(o.id, o.create, t));
        }
    }

    /**
     * A followed process exited: the handles it still held leave the live counts (the chart's line and the
     * per-stack counts fall with the OS's), but their lifetimes stay open, so they are its leaks, as a
     * handle still open when the recording ends is. A later process with the same pid starts clean.
     */
    private void exited(long pid) {
        for (long key : open.keysWithHigh(pid)) {
            leftAtExit++;
            notLive(open.remove(key));
        }
    }

    /** Takes an open lifetime, already out of {@link #open}, off the live counts. */
    private void notLive(Open o) {
        stackSamples();
        long after = open.size();
        quotaWatch(o.type, -1);
        if (!o.snapshot) {
            StackCount s = o.count;
            s.live--;
            markDirty(o.stack, s);
        }
        buckets.change(mono, after + 1, after);
        kinds.change(mono, o.type, -1);
    }

    // GDI and USER quota watch (issue 13): a process at its quota (10,000 of each by default) can create no
    // more; a warning note the first time the tracked or the OS count of a category reaches 90 % of it.
    static final long QUOTA_WARNING = HandleCategory.DEFAULT_QUOTA * 9L / 10;
    private final long[] liveByCategory = new long[HandleCategory.values().length];
    private final boolean[] quotaWarned = new boolean[HandleCategory.values().length];

    private void quotaWatch(int type, int delta) {
        HandleCategory c = HandleCategory.of(type);
        if (c == HandleCategory.KERNEL) return;
        long live = liveByCategory[c.ordinal()] += delta;
        if (live >= QUOTA_WARNING) warnQuota(c, live, "tracked");
    }

    private void osQuotaWatch(HandleCategory c, long count) {
        if (count >= QUOTA_WARNING) warnQuota(c, count, "reported by Windows");
    }

    private void warnQuota(HandleCategory c, long count, String source) {
        if (quotaWarned[c.ordinal()]) return;
        quotaWarned[c.ordinal()] = true;
        newNotes.add(new Note(mono, Frame.Note.WARNING, String.format(java.util.Locale.ROOT,
            "%,d %s objects open (%s): near the per-process quota of %,d by default; at the quota the program can create no more",
            count, c.label(), source, HandleCategory.DEFAULT_QUOTA)));
    }

    private void markDirty(int stack, StackCount s) {
        if (!s.dirty) {
            s.dirty = true;
            dirtyStacks.add(s);
            dirtyStackIds.add(stack);
        }
    }

    /** Records the per-stack live counts at every sampling boundary (100 ms; 10 s when retaining) the clock has passed. */
    private void stackSamples() {
        if (mono < nextStackSample) return;
        long boundary = mono / stackSampleNanos * stackSampleNanos;
        flushStackCounts(boundary);
        nextStackSample = boundary + stackSampleNanos;
    }

    /** Every OS sample is stored in full retention; one per second when retaining only open lifetimes. */
    private boolean keepSample(long t) {
        if (retention != Retention.OPEN) return true;
        if (t < nextKeptSample) return false;
        nextKeptSample = (t / RETAINED_SAMPLE_NANOS + 1) * RETAINED_SAMPLE_NANOS;
        return true;
    }

    private void flushStackCounts(long t) {
        for (int i = 0; i < dirtyStacks.size(); i++) {
            StackCount s = dirtyStacks.get(i);
            if (s.live != s.written) {
                newStackLive.add(new StackLive(dirtyStackIds.get(i), t, s.live));
                s.written = s.live;
            }
            s.dirty = false;
        }
        dirtyStacks.clear();
        dirtyStackIds.clear();
    }

    /**
     * Gives ids to the lifetimes the flush must write as rows: those still open that
     * were already open at the previous flush (or all still open, when {@code all}).
     * Lifetimes younger than one flush interval wait for the next flush, because most
     * of them close by then and end up in a compact chunk instead of a row; so a row
     * is written at most two commit intervals after its create.
     */
    List<Open> takeNewOpen(boolean all) {
        List<Open> rows = new ArrayList<>();
        int kept = 0;
        for (Open o : newOpen) {
            if (o.ended) continue;
            if (all || o.deferred) {
                o.id = nextId++;
                rows.add(o);
            } else {
                o.deferred = true;
                newOpen.set(kept++, o);
            }
        }
        newOpen.subList(kept, newOpen.size()).clear();
        return rows;
    }

    List<CountBuckets.Row> takeBuckets() { return buckets.drain(); }

    /** End of ingest: final per-stack counts at the end time. */
    void finish() {
        if (endNanos < 0) endNanos = mono;
        flushStackCounts(Math.max(endNanos, mono));
    }

    private void hello(Frame.Hello h) throws RecordingException {
        if (sawHello) return;
        if (h.clockFrequency() <= 0) throw new RecordingException("The agent reported a clock frequency of "
            + h.clockFrequency() + " ticks per second, so its times cannot be read.");
        sawHello = true;
        anchorTicks = h.anchorTicks();
        frequency = h.clockFrequency();
        newMeta.put("pid", Long.toString(h.pid()));
        newMeta.put("image", h.imagePath());
        newMeta.put("platform", switch (h.os()) {
            case Frame.Hello.OS_WINDOWS -> "windows";
            case Frame.Hello.OS_LINUX -> "linux";
            default -> "os " + h.os();
        });
        newMeta.put("arch", switch (h.arch()) {
            case Frame.Hello.ARCH_X86 -> "x86";
            case Frame.Hello.ARCH_X64 -> "x64";
            case Frame.Hello.ARCH_ARM64 -> "arm64";
            default -> "arch " + h.arch();
        });
        newMeta.put("clock_frequency", Long.toString(h.clockFrequency()));
        newMeta.put("anchor_ticks", Long.toString(h.anchorTicks()));
        newMeta.put("started_unix_nanos", Long.toString(h.anchorUnixNanos()));
        newMeta.put("protocol_version", Integer.toString(h.version()));
    }

    /** Agent ticks → ns since the recording started (the HELLO anchor); advances the monotonic ingest clock. */
    private long time(long ticks) {
        long d = ticks - anchorTicks;
        long ns;
        if (d <= 0) {
            ns = 0;
        } else if (frequency == 1_000_000_000L) {
            ns = d;
        } else {
            long rest = d % frequency;
            ns = d / frequency * 1_000_000_000L + (rest <= Long.MAX_VALUE / 1_000_000_000L
                ? rest * 1_000_000_000L / frequency : (long) (rest * 1e9 / frequency));
        }
        if (ns > mono) mono = ns;
        return ns;
    }

    private static long unavailable(long v) {
        return v == Frame.Sample.UNAVAILABLE ? -1 : v;
    }
}
