package io.handlespy.analysis;

import static io.handlespy.store.TestRecordings.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.GroundTruth;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.capture.synthetic.SyntheticModules;
import io.handlespy.protocol.Frame;
import io.handlespy.store.Recording;
import io.handlespy.store.TestRecordings;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.Symbolizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisTest {
    private static final long S = 1_000_000_000L;
    @TempDir static Path dir;
    static GroundTruth truth;
    static Path demo;

    @BeforeAll
    static void record() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(5));
        truth = agent.truth();
        demo = TestRecordings.record(dir.resolve("demo"), agent);
    }

    private static Map<Integer, Integer> counts(LeakReport r) {
        return r.groups().stream().collect(Collectors.toMap(LeakGroup::stackId, LeakGroup::count, (a, b) -> a, TreeMap::new));
    }

    /** Counts how often it is asked, answering like the synthetic agent's symbolizer. */
    private static final class CountingSymbolizer implements Symbolizer {
        final AtomicInteger calls = new AtomicInteger();
        final Symbolizer inner = SyntheticAgent.symbolizer();

        @Override
        public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
            calls.incrementAndGet();
            return inner.resolve(module, addresses);
        }
    }

    @Test
    void leaksOfEveryWindowAndHorizonMatchTheGroundTruth() throws Exception {
        try (Recording r = Recording.open(demo)) {
            Analysis a = new Analysis(r, SyntheticAgent.symbolizer());
            assertThat(a.whole()).isEqualTo(new TimeWindow(0, 10 * S));
            long[][] windows = {{0, 10 * S}, {39 * S / 10, 42 * S / 10}, {2 * S, 6 * S}, {0, S}, {S / 2, S / 2 + 1_000_000}};
            for (long[] w : windows) {
                TimeWindow window = new TimeWindow(w[0], w[1]);
                LeakReport atEnd = a.leaks(window, Horizon.END);
                assertThat(counts(atEnd)).as("END %s", window).isEqualTo(truth.leaks(w[0], w[1], 10 * S));
                assertThat(atEnd.horizonNanos()).isEqualTo(10 * S);
                assertThat(atEnd.openBeforeRecording()).isEqualTo(truth.openBeforeRecording(10 * S)).isEqualTo(6);
                LeakReport atWindowEnd = a.leaks(window, Horizon.WINDOW);
                assertThat(counts(atWindowEnd)).as("WINDOW %s", window).isEqualTo(truth.leaks(w[0], w[1], w[1]));
                assertThat(atWindowEnd.openBeforeRecording()).isEqualTo(truth.openBeforeRecording(w[1]));
            }
        }
    }

    @Test
    void theBurstLeakIsTheLargestGroupWithItsHandlesTypesAndSymbolizedStack() throws Exception {
        int burst = truth.stackId(SyntheticModules.BURST_LEAK);
        try (Recording r = Recording.open(demo)) {
            LeakReport report = new Analysis(r, SyntheticAgent.symbolizer()).leaks(new TimeWindow(0, 10 * S), Horizon.END);
            List<LeakGroup> groups = report.groups();
            for (int i = 1; i < groups.size(); i++) {
                LeakGroup prev = groups.get(i - 1), g = groups.get(i);
                assertThat(prev.count() > g.count() || prev.count() == g.count() && prev.stackId() < g.stackId()).isTrue();
            }
            LeakGroup top = groups.getFirst();
            assertThat(top.stackId()).isEqualTo(burst);
            assertThat(top.count()).isEqualTo(250);
            assertThat(top.types()).isEqualTo(Map.of("EventFd", 250));
            assertThat(top.firstCreatedNanos()).isEqualTo(4 * S);
            assertThat(top.lastCreatedNanos()).isEqualTo(4 * S + 249 * 100_000L);
            assertThat(top.handles()).extracting(LeakedHandle::value)
                .containsExactly(box(truth.leakedValues(burst, 0, 10 * S, 10 * S)));
            assertThat(top.stack()).extracting(StackFrame::function).containsExactly("eventfd", SyntheticModules.BURST_LEAK, "worker_loop");
            assertThat(top.stack()).extracting(StackFrame::display).containsExactly(
                "libc.so.6!eventfd", "demo_app!leak_events_in_worker leak.c:42", "demo_app!worker_loop worker.c:90");
            assertThat(top.stack().get(1).module()).isEqualTo("/opt/demo/bin/demo_app");
            assertThat(top.stack().get(1).moduleOffset()).isEqualTo(top.stack().get(1).address() - 0x5600_0000_0000L);
        }
    }

    private static Long[] box(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    @Test
    void symbolsAreCachedInTheRecording() throws Exception {
        Path file = TestRecordings.record(dir.resolve("cache"), new SyntheticAgent(SyntheticConfig.demo(9).withDuration(2 * S)));
        CountingSymbolizer first = new CountingSymbolizer(), second = new CountingSymbolizer();
        List<List<StackFrame>> before = new ArrayList<>();
        try (Recording r = Recording.open(file)) {
            Analysis a = new Analysis(r, first);
            a.leaks(new TimeWindow(0, 2 * S), Horizon.END).groups().forEach(g -> before.add(g.stack()));
            int calls = first.calls.get();
            assertThat(calls).isBetween(1, 3);
            a.leaks(new TimeWindow(0, 2 * S), Horizon.END);
            assertThat(first.calls.get()).isEqualTo(calls);
        }
        try (Recording r = Recording.open(file)) {
            List<List<StackFrame>> after = new ArrayList<>();
            new Analysis(r, second).leaks(new TimeWindow(0, 2 * S), Horizon.END).groups().forEach(g -> after.add(g.stack()));
            assertThat(second.calls.get()).isZero();
            assertThat(after).isEqualTo(before);
            assertThat(after.getFirst().getFirst().function()).isNotNull();
        }
    }

    @Test
    void framesNobodyCanResolveKeepModuleAndOffsetOrTheRawAddress() throws Exception {
        Path file = TestRecordings.record(dir.resolve("raw"), List.of(hello(),
            new Frame.ModuleLoad(1000, 0x10000, 0x1000, Frame.ModuleLoad.DEBUG_ID_NONE, new byte[0], "/lib/libmystery.so"),
            new Frame.Stack(1, new long[] {0x10123, 0xdead0000L}),
            new Frame.Create(1000 + 10, 4, 1, 1, 0, 0, ""), new Frame.Create(1000 + 20, 5, 1, 1, 0, 0, "")));
        try (Recording r = Recording.open(file)) {
            LeakReport report = new Analysis(r, (m, a) -> Map.of()).leaks(new TimeWindow(0, 20), Horizon.END);
            assertThat(report.groups()).hasSize(1);
            LeakGroup g = report.groups().getFirst();
            assertThat(g.stack()).containsExactly(new StackFrame(0x10123, "/lib/libmystery.so", 0x123, null, null, 0),
                new StackFrame(0xdead0000L, null, 0, null, null, 0));
            assertThat(g.stack()).extracting(StackFrame::display).containsExactly("libmystery.so+0x123", "0xdead0000");
            assertThat(g.types()).isEqualTo(Map.of("Unknown", 2));
        }
    }

    @Test
    void aSpikeSurvivesDownsamplingAsMinAndMax() throws Exception {
        List<Frame> frames = new ArrayList<>(List.of(hello()));
        for (int i = 0; i < 10; i++) frames.add(new Frame.Create(1000 + S / 10 + i, 100 + i, 1, 1, 2, 1, ""));
        for (int i = 0; i < 500; i++) frames.add(new Frame.Create(1000 + 5 * S + i * 1000L, 1000 + i, 1, 2, 2, 1, ""));
        for (int i = 0; i < 500; i++) frames.add(new Frame.Close(1000 + 5 * S + 600_000 + i * 1000L, 1000 + i, 1, 0, 1));
        frames.add(new Frame.Goodbye(1000 + 10 * S - 1, Frame.Goodbye.TARGET_EXIT, ""));
        Path file = TestRecordings.record(dir.resolve("spike"), frames);
        try (Recording r = Recording.open(file)) {
            CountSeries s = new Analysis(r, (m, a) -> Map.of()).series(new TimeWindow(0, 10 * S - 1), 10);
            assertThat(s.tracked()).hasSize(10);
            assertThat(s.tracked()).extracting(SeriesPoint::timeNanos)
                .containsExactly(0L, S, 2 * S, 3 * S, 4 * S, 5 * S, 6 * S, 7 * S, 8 * S, 9 * S);
            assertThat(s.tracked().get(0)).isEqualTo(new SeriesPoint(0, 0, 10));
            assertThat(s.tracked().get(4)).isEqualTo(new SeriesPoint(4 * S, 10, 10));
            assertThat(s.tracked().get(5)).isEqualTo(new SeriesPoint(5 * S, 10, 510));
            assertThat(s.tracked().get(9)).isEqualTo(new SeriesPoint(9 * S, 10, 10));
            assertThat(s.os()).isEmpty();
            CountSeries zoom = new Analysis(r, (m, a) -> Map.of()).series(new TimeWindow(5 * S, 5 * S + 20_000_000 - 1), 2);
            assertThat(zoom.tracked()).containsExactly(new SeriesPoint(5 * S, 10, 510), new SeriesPoint(5 * S + 10_000_000, 10, 10));
        }
    }

    @Test
    void theSeriesBracketsTheTrueCountsAndFollowsOsSamples() throws Exception {
        try (Recording r = Recording.open(demo)) {
            CountSeries s = new Analysis(r, (m, a) -> Map.of()).series(new TimeWindow(0, 10 * S - 1), 100);
            assertThat(s.tracked()).hasSize(100);
            for (int k = 0; k < 100; k++) {
                SeriesPoint p = s.tracked().get(k);
                assertThat(p.timeNanos()).isEqualTo(k * S / 10);
                long mid = p.timeNanos() + S / 20;
                assertThat(truth.liveAt(mid)).as("point %d", k).isBetween(p.min(), p.max());
            }
            assertThat(s.os()).hasSize(100);
            assertThat(s.os().getLast().max()).isEqualTo(truth.lastOsCount());
        }
        Path blind = TestRecordings.record(dir.resolve("wine"),
            new SyntheticAgent(SyntheticConfig.demo(5).withDuration(S).withOsCountAvailable(false)));
        try (Recording r = Recording.open(blind)) {
            assertThat(new Analysis(r, (m, a) -> Map.of()).series(new TimeWindow(0, S), 20).os()).isEmpty();
            assertThat(r.info().osCountAtEnd()).isEqualTo(-1);
        }
    }

    @Test
    void growthRanksTheSteadyLeaksBySlope() throws Exception {
        try (Recording r = Recording.open(demo)) {
            List<GrowthEntry> growth = new Analysis(r, SyntheticAgent.symbolizer()).growth(5);
            assertThat(growth).extracting(GrowthEntry::stackId)
                .startsWith(truth.stackId(SyntheticModules.POOL_LEAK), truth.stackId(SyntheticModules.LOG_LEAK))
                .doesNotContain(truth.stackId(SyntheticModules.BURST_LEAK));
            assertThat(growth.get(0).slopePerSecond()).isCloseTo(20, org.assertj.core.data.Offset.offset(0.5));
            assertThat(growth.get(1).slopePerSecond()).isCloseTo(5, org.assertj.core.data.Offset.offset(0.2));
            assertThat(growth.get(0).rSquared()).isGreaterThan(0.99);
            assertThat(growth.get(0).liveAtEnd())
                .isEqualTo(truth.leaks(0, 10 * S, 10 * S).get(truth.stackId(SyntheticModules.POOL_LEAK)).longValue());
            assertThat(growth.get(0).stack()).extracting(StackFrame::function).contains(SyntheticModules.POOL_LEAK);
        }
    }
}
