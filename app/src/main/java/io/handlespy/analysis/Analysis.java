package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import io.handlespy.store.ClosedCount;
import io.handlespy.store.BucketKind;
import io.handlespy.store.CountBucket;
import io.handlespy.store.Lifetime;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.StackLiveSample;
import io.handlespy.store.TokenFacts;
import io.handlespy.symbols.Symbolizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The questions a user asks of a recording. Every query reads pre-arranged data:
 * leaks read only lifetimes that can still be open at the horizon, series read
 * count buckets, growth reads per-stack live counts. Not thread-safe.
 */
public final class Analysis {
    /** Series read at most this many buckets. */
    static final int MAX_BUCKETS_READ = 20_000;
    /** A stack "grows steadily" when a straight line explains at least this share of its live count's variance. */
    public static final double STEADY_R_SQUARED = 0.8;
    private static final int GROWTH_SAMPLES = 1000;

    private final Recording recording;
    private final StackSymbols symbols;

    public Analysis(Recording recording, Symbolizer symbolizer) {
        this.recording = recording;
        this.symbols = new StackSymbols(recording, symbolizer);
    }

    /** [0, duration] of the recording. */
    public TimeWindow whole() throws RecordingException {
        return new TimeWindow(0, recording.durationNanos());
    }

    /**
     * Lifetimes created in {@code window} and still open at the horizon (end of the
     * recording, or end of the window), grouped by create stack, largest group first.
     */
    public LeakReport leaks(TimeWindow window, Horizon horizon) throws RecordingException {
        long end = recording.durationNanos();
        long h = horizon == Horizon.END ? end : window.toNanos();
        Map<Integer, String> types = recording.defines(io.handlespy.protocol.Frame.Define.TYPE);
        Map<Integer, Group> groups = new HashMap<>();
        Map<TokenFacts.Key, TokenFacts> tokens = recording.tokens(window.fromNanos(), window.toNanos());
        recording.lifetimes(window.fromNanos(), window.toNanos(), h, l -> {
            if (!l.snapshot()) {
                groups.computeIfAbsent(l.stackId(), Group::new)
                    .add(l, typeName(types, l.type()), tokens.get(new TokenFacts.Key(l.handle(), l.createNanos())));
            }
        });
        Map<Integer, List<StackFrame>> frames = symbols.frames(groups.keySet(), window.fromNanos());
        List<LeakGroup> out = new ArrayList<>();
        for (Group g : groups.values()) out.add(g.toLeakGroup(frames.get(g.stackId)));
        out.sort(Comparator.comparingInt(LeakGroup::count).reversed().thenComparingInt(LeakGroup::stackId));
        return new LeakReport(window, horizon, h, recording.openBeforeRecording(h), out);
    }

    /**
     * Every handle created in {@code window}, closed or not (handles open before the
     * recording excluded), counted per create stack, type and name. In a
     * {@link io.handlespy.store.Retention#OPEN} recording the closed ones come from
     * whole create-time buckets and carry no name.
     */
    public List<CreateCount> creates(TimeWindow window) throws RecordingException {
        Map<Integer, String> types = recording.defines(io.handlespy.protocol.Frame.Define.TYPE);
        record Kind(int stackId, String type, String name) {}
        Map<Kind, Long> counts = new HashMap<>();
        recording.lifetimes(window.fromNanos(), window.toNanos(), Long.MIN_VALUE, l -> {
            if (!l.snapshot()) counts.merge(new Kind(l.stackId(), typeName(types, l.type()), l.name()), 1L, Long::sum);
        });
        // a week of churn from one stack passes 2^31 creates: counts are longs
        for (ClosedCount c : recording.closedCounts(window.fromNanos(), window.toNanos()))
            counts.merge(new Kind(c.stackId(), typeName(types, c.type()), ""), c.count(), Long::sum);
        Map<Integer, List<StackFrame>> frames =
            symbols.frames(counts.keySet().stream().map(Kind::stackId).distinct().toList(), window.fromNanos());
        List<CreateCount> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new CreateCount(k.stackId(), frames.getOrDefault(k.stackId(), List.of()),
            k.type(), k.name(), n)));
        out.sort(Comparator.comparingInt(CreateCount::stackId).thenComparing(CreateCount::type)
            .thenComparing(c -> c.name() == null ? "" : c.name()));
        return out;
    }

    private static String typeName(Map<Integer, String> types, int type) {
        String name = types.get(type);
        return name != null ? name : type == 0 ? "Unknown" : "type " + type;
    }

    private static final class Group {
        final int stackId;
        final Map<String, Integer> types = new TreeMap<>();
        final List<LeakedHandle> handles = new ArrayList<>();
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;

        Group(int stackId) { this.stackId = stackId; }

        void add(Lifetime l, String type, TokenFacts token) {
            types.merge(type, 1, Integer::sum);
            handles.add(new LeakedHandle(l.handle(), type, l.name(), l.createNanos(), l.thread(), token,
                HandleCategory.of(l.type())));
            first = Math.min(first, l.createNanos());
            last = Math.max(last, l.createNanos());
        }

        LeakGroup toLeakGroup(List<StackFrame> stack) {
            handles.sort(Comparator.comparingLong(LeakedHandle::createdAtNanos).thenComparingLong(LeakedHandle::value));
            return new LeakGroup(stackId, handles.size(), types, first, last, stack == null ? List.of() : stack, handles);
        }
    }

    /**
     * Tracked and OS counts over {@code window} in at most {@code points} buckets,
     * each keeping the min and max inside it so spikes survive downsampling.
     * OS points exist only where the OS reported a count.
     */
    public CountSeries series(TimeWindow window, int points) throws RecordingException {
        if (points < 1) throw new IllegalArgumentException("a series needs at least one point, not " + points);
        long len = window.lengthNanos() + 1;
        long size = bucketSize(recording.bucketSizes(), len, points);
        List<CountBucket> rows = recording.buckets(size, window.fromNanos(), window.toNanos());
        BucketSeries reduced = BucketSeries.reduce(rows, window, size, points);
        return new CountSeries(window, reduced.tracked(), reduced.os());
    }

    /** Types drawn as lines of their own when the series is split by type; the rest add up to one "other" line. */
    public static final int TOP_TYPES = 6;

    /**
     * {@link #series(TimeWindow, int)} with the count split into lines: per category
     * (with the GDI and USER counts Windows reports, where it reports them), or per
     * handle type, the {@link #TOP_TYPES} with the highest count in the window on
     * their own and the rest summed into one {@link SeriesLine#OTHER} line. Each line's
     * points are those of the total (same times), each with that kind's min and max;
     * the other line's span is the sum of its types' spans.
     */
    public CountSeries series(TimeWindow window, int points, SeriesSplit split) throws RecordingException {
        CountSeries total = series(window, points);
        boolean byType = split == SeriesSplit.TYPE;
        List<Integer> present = recording.kinds(byType ? BucketKind.TYPE : BucketKind.CATEGORY);
        // kernel handles alone (every Linux recording): the total says it all, no need to read its buckets again
        if (!byType && !present.contains(HandleCategory.GDI.ordinal()) && !present.contains(HandleCategory.USER.ordinal())) {
            return total;
        }
        long size = bucketSize(recording.bucketSizes(), window.lengthNanos() + 1, points);
        Map<Integer, List<CountBucket>> kinds = recording.kindBuckets(byType ? BucketKind.TYPE : BucketKind.CATEGORY,
            size, window.fromNanos(), window.toNanos());
        List<SeriesLine> lines = new ArrayList<>();
        if (byType) {
            Map<Integer, String> types = recording.defines(io.handlespy.protocol.Frame.Define.TYPE);
            List<SeriesLine> all = new ArrayList<>();
            kinds.forEach((type, rows) -> all.add(new SeriesLine(typeName(types, type), HandleCategory.of(type), false,
                BucketSeries.reduce(rows, window, size, points).tracked())));
            all.sort(Comparator.comparingLong((SeriesLine l) -> BucketSeries.peak(l.points())).reversed()
                .thenComparing(SeriesLine::label));
            if (all.size() <= TOP_TYPES + 1) {
                lines.addAll(all);
            } else {
                lines.addAll(all.subList(0, TOP_TYPES));
                lines.add(new SeriesLine(SeriesLine.OTHER, null, false, BucketSeries.sum(all.subList(TOP_TYPES, all.size()))));
            }
        } else {
            List<SeriesLine> reported = new ArrayList<>();
            for (HandleCategory c : HandleCategory.values()) {
                List<CountBucket> rows = kinds.get(c.ordinal());
                if (rows == null) continue;
                BucketSeries reduced = BucketSeries.reduce(rows, window, size, points);
                lines.add(new SeriesLine(c.label(), c, false, reduced.tracked()));
                if (!reduced.os().isEmpty()) reported.add(new SeriesLine(c.label() + " (Windows)", c, true, reduced.os()));
            }
            lines.addAll(reported);
        }
        return new CountSeries(window, total.tracked(), total.os(), lines);
    }

    /**
     * The coarsest stored bucket size that still gives every point at least one bucket
     * (so min and max stay exact), without reading more than {@link #MAX_BUCKETS_READ} rows.
     */
    private static long bucketSize(long[] sizes, long len, int points) {
        long size = sizes[0];
        for (long s : sizes) if (len / s >= points) size = s;
        int i = 0;
        while (len / size > MAX_BUCKETS_READ && i < sizes.length - 1) size = Math.max(size, sizes[++i]);
        return size;
    }

    /**
     * Stacks whose live count grows steadily over the whole recording: least-squares
     * slope (handles per second) and R² of the live count sampled at up to 1000
     * evenly spaced times; only growing stacks with R² ≥ {@link #STEADY_R_SQUARED},
     * steepest first.
     */
    public List<GrowthEntry> growth(int limit) throws RecordingException {
        long duration = recording.durationNanos();
        if (duration <= 0) return List.of();
        int m = (int) Math.max(2, Math.min(GROWTH_SAMPLES, duration / 100_000_000L + 1));
        Map<Integer, List<StackLiveSample>> byStack = new TreeMap<>();
        for (StackLiveSample s : recording.stackLive()) byStack.computeIfAbsent(s.stackId(), k -> new ArrayList<>()).add(s);
        record Fit(int stack, double slope, double r2, long liveAtEnd) {}
        List<Fit> fits = new ArrayList<>();
        for (Map.Entry<Integer, List<StackLiveSample>> e : byStack.entrySet()) {
            List<StackLiveSample> samples = e.getValue();
            double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
            int j = 0;
            long value = 0;
            for (int k = 0; k < m; k++) {
                long t = duration * k / (m - 1);
                while (j < samples.size() && samples.get(j).timeNanos() <= t) value = samples.get(j++).live();
                double x = t / 1e9;
                sx += x;
                sy += value;
                sxx += x * x;
                sxy += x * value;
                syy += (double) value * value;
            }
            double vx = sxx - sx * sx / m, vy = syy - sy * sy / m, cov = sxy - sx * sy / m;
            if (vx <= 0 || vy <= 0) continue;
            double slope = cov / vx, r2 = cov * cov / (vx * vy);
            if (slope > 0 && r2 >= STEADY_R_SQUARED) fits.add(new Fit(e.getKey(), slope, r2, samples.getLast().live()));
        }
        fits.sort(Comparator.comparingDouble(Fit::slope).reversed().thenComparingInt(Fit::stack));
        List<Fit> top = fits.subList(0, Math.min(limit, fits.size()));
        Map<Integer, List<StackFrame>> frames = symbols.frames(top.stream().map(Fit::stack).toList(), duration);
        Map<Integer, HandleCategory> categories = categoriesOpenAtEnd(top.stream().map(Fit::stack).toList(), duration);
        return top.stream().map(f -> new GrowthEntry(f.stack(), f.slope(), f.r2(), f.liveAtEnd(), frames.get(f.stack()),
            categories.getOrDefault(f.stack(), HandleCategory.KERNEL))).toList();
    }

    /** The category of the handles each of {@code stacks} left open at the end (a growing stack leaves some). */
    private Map<Integer, HandleCategory> categoriesOpenAtEnd(List<Integer> stacks, long end) throws RecordingException {
        Map<Integer, HandleCategory> out = new HashMap<>();
        if (stacks.isEmpty()) return out;
        java.util.Set<Integer> wanted = java.util.Set.copyOf(stacks);
        recording.lifetimes(0, end, end, l -> {
            if (wanted.contains(l.stackId())) out.putIfAbsent(l.stackId(), HandleCategory.of(l.type()));
        });
        return out;
    }
}
