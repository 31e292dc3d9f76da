package io.handlespy.store;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CreateCount;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.GroundTruth;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code record --retain open}: exact leaks, closed lifetimes as bucket counts, size bounded by time, not churn. */
class RetentionTest {
    private static final long S = 1_000_000_000L;

    @TempDir Path dir;

    private static Path record(Path file, Retention retention, SyntheticAgent agent) throws Exception {
        try (Recording r = Recording.create(file, retention)) {
            RecordingWriter w = r.startWriting();
            for (var it = agent.frames(); it.hasNext(); ) w.accept(it.next());
            w.finish("test");
            return r.file();
        }
    }

    private static Map<Integer, Integer> leaksPerStack(Path file, TimeWindow window) throws Exception {
        try (Recording r = Recording.open(file)) {
            Map<Integer, Integer> out = new TreeMap<>();
            for (LeakGroup g : new Analysis(r, SyntheticAgent.symbolizer()).leaks(window, Horizon.END).groups()) {
                out.put(g.stackId(), g.count());
            }
            return out;
        }
    }

    @Test
    void leaksAtTheEndAreExactlyTheFullModesAndTheGroundTruths() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(7).withDuration(3 * S));
        GroundTruth truth = agent.truth();
        Path full = record(dir.resolve("full"), Retention.FULL, agent);
        Path open = record(dir.resolve("open"), Retention.OPEN, agent);

        for (TimeWindow w : new TimeWindow[] {new TimeWindow(0, 3 * S), new TimeWindow(S, 2 * S)}) {
            Map<Integer, Integer> expected = truth.leaks(w.fromNanos(), w.toNanos(), Long.MAX_VALUE);
            assertThat(expected).isNotEmpty();
            assertThat(leaksPerStack(open, w)).isEqualTo(leaksPerStack(full, w)).isEqualTo(expected);
        }
        try (Recording f = Recording.open(full); Recording o = Recording.open(open)) {
            RecordingInfo fi = f.info(), oi = o.info();
            assertThat(oi.creates()).isEqualTo(fi.creates()).isEqualTo(truth.creates());
            assertThat(oi.closes()).isEqualTo(fi.closes()).isEqualTo(truth.closes());
            assertThat(oi.openAtEnd()).isEqualTo(fi.openAtEnd()).isEqualTo(truth.openAtEnd());
            assertThat(o.openBeforeRecording(3 * S)).isEqualTo(truth.openBeforeRecording(Long.MAX_VALUE));
            // closed lifetimes left no chunk and no row behind; their number is in the counts
            assertThat(count(open, "SELECT COUNT(*) FROM chunks")).isZero();
            assertThat(count(open, "SELECT COUNT(*) FROM open_lifetimes")).isEqualTo(truth.openAtEnd());
            long closedCreates = truth.closes() - (truth.snapshots() - truth.openBeforeRecording(Long.MAX_VALUE));
            assertThat(count(open, "SELECT SUM(n) FROM closed_counts WHERE size_ns = " + ClosedCounts.COARSE))
                .isEqualTo(closedCreates);
            assertThat(count(open, "SELECT SUM(n) FROM closed_counts WHERE size_ns = " + ClosedCounts.FINE))
                .isEqualTo(closedCreates);
            // every create of the whole recording, closed or not: the same totals per stack in both modes
            Analysis fa = new Analysis(f, SyntheticAgent.symbolizer()), oa = new Analysis(o, SyntheticAgent.symbolizer());
            assertThat(perStack(oa, new TimeWindow(0, 3 * S))).isEqualTo(perStack(fa, new TimeWindow(0, 3 * S)));
        }
    }

    private static Map<Integer, Long> perStack(Analysis a, TimeWindow w) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        for (CreateCount c : a.creates(w)) out.merge(c.stackId(), c.count(), Long::sum);
        return out;
    }

    @Test
    void reopeningShowsTheModeAndARecordingWithoutOneOpensAsFull() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(3).withDuration(S / 2));
        Path open = record(dir.resolve("open"), Retention.OPEN, agent);
        Path full = record(dir.resolve("full"), Retention.FULL, agent);
        try (Recording r = Recording.openReadOnly(open)) {
            assertThat(r.retention()).isEqualTo(Retention.OPEN);
            assertThat(r.info().retention()).isEqualTo(Retention.OPEN);
            assertThat(r.bucketSizes()).containsExactly(S, 10 * S, 100 * S, 1000 * S);
        }
        try (Recording r = Recording.openReadOnly(full)) {
            assertThat(r.info().retention()).isEqualTo(Retention.FULL);
            assertThat(r.bucketSizes()).containsExactly(S / 100, S / 10, S, 10 * S);
        }
        try (Connection c = DriverManager.getConnection(url(open), "sa", ""); Statement s = c.createStatement()) {
            s.execute("UPDATE meta SET v = 'sampled' WHERE k = 'retention'");
        }
        assertThatThrownBy(() -> Recording.open(open)).isInstanceOf(RecordingException.class)
            .hasMessageEndingWith("was made by a newer HandleSpy (unknown retention mode 'sampled' (known: full, open)). "
                + "Update HandleSpy to open it.");
        // a recording made before retention modes: no meta key, no closed_counts table
        try (Connection c = DriverManager.getConnection(url(full), "sa", ""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM meta WHERE k = 'retention'");
            s.execute("DROP TABLE closed_counts");
        }
        try (Recording r = Recording.open(full)) {
            assertThat(r.info().retention()).isEqualTo(Retention.FULL);
            assertThat(r.info().schemaVersion()).isEqualTo(Schema.VERSION);
            assertThat(r.closedCounts(0, S)).isEmpty();
            assertThat(new Analysis(r, SyntheticAgent.symbolizer()).series(new TimeWindow(0, S / 2), 100).tracked())
                .hasSize(51);
        }
    }

    /** Token facts go with their lifetime: kept while it is open, gone with its close. */
    @Test
    void tokenFactsOfClosedHandlesAreNotKept() throws Exception {
        var frames = java.util.List.of(TestRecordings.hello(),
            new Frame.Create(1000 + 10, 0x10, 1, 0, 5, 1, ""),
            new Frame.Token(1000 + 11, 0x10, 0x3e7, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "SY"),
            new Frame.Create(1000 + 20, 0x14, 1, 0, 5, 1, ""),
            new Frame.Token(1000 + 21, 0x14, 0x1_0000_0002L, Frame.Token.IMPERSONATION, 2, "alice"),
            new Frame.Close(1000 + 30, 0x10, 1, 0, 2));
        Path file;
        try (Recording r = Recording.create(dir.resolve("tokens"), Retention.OPEN)) {
            RecordingWriter w = r.startWriting();
            for (Frame f : frames) w.accept(f);
            w.finish("test");
            file = r.file();
        }
        try (Recording r = Recording.open(file)) {
            assertThat(r.tokens(0, 100).keySet()).containsExactly(new TokenFacts.Key(0x14, 20));
        }
    }

    /**
     * Two simulated hours (so the 1 s tier has aged out once) at 50 and at 200 creates
     * per second: four times the closed lifetimes, about the same stored rows, and every
     * table within a bound given by time and stacks alone.
     */
    @Test
    void storedRowsGrowWithTimeAndStacksNotWithClosedLifetimes() throws Exception {
        long span = 2 * 3600 * S;
        SyntheticConfig base = SyntheticConfig.service(11, 2 / 24.0, 100);
        Path slow = record(dir.resolve("slow"), Retention.OPEN, new SyntheticAgent(base));
        Path fast = record(dir.resolve("fast"), Retention.OPEN, new SyntheticAgent(base.withRate(200)));

        long closesSlow, closesFast;
        try (Recording a = Recording.open(slow); Recording b = Recording.open(fast)) {
            closesSlow = a.info().closes();
            closesFast = b.info().closes();
            assertThat(a.info().durationNanos()).isEqualTo(span);
        }
        assertThat(closesFast).isGreaterThan(35 * closesSlow / 10);
        long rowsSlow = storedRows(slow), rowsFast = storedRows(fast);
        assertThat(rowsFast).isLessThan(rowsSlow * 13 / 10);

        for (Path f : new Path[] {slow, fast}) {
            long keys = count(f, "SELECT COUNT(*) FROM (SELECT DISTINCT stack, type FROM closed_counts)");
            // 1 min buckets over the span; 1 s buckets only for the last hour (plus the bucket straddling the cut)
            assertThat(count(f, "SELECT COUNT(*) FROM closed_counts WHERE size_ns = " + ClosedCounts.COARSE))
                .isLessThanOrEqualTo(keys * (span / ClosedCounts.COARSE + 1));
            assertThat(count(f, "SELECT COUNT(*) FROM closed_counts WHERE size_ns = " + ClosedCounts.FINE))
                .isLessThanOrEqualTo(keys * (ClosedCounts.FINE_KEPT / ClosedCounts.FINE + 2));
            assertThat(count(f, "SELECT MIN(start_ns) FROM closed_counts WHERE size_ns = " + ClosedCounts.FINE))
                .isGreaterThanOrEqualTo(span - ClosedCounts.FINE_KEPT - 2 * S);
            assertThat(count(f, "SELECT COUNT(*) FROM buckets")).isLessThanOrEqualTo(span / S + span / (10 * S)
                + span / (100 * S) + span / (1000 * S) + 4);
            assertThat(count(f, "SELECT COUNT(*) FROM buckets WHERE level < 2")).isZero();
            assertThat(count(f, "SELECT COUNT(*) FROM samples")).isLessThanOrEqualTo(span / S + 1);
            long stacks = count(f, "SELECT COUNT(DISTINCT stack) FROM stack_live");
            assertThat(count(f, "SELECT COUNT(*) FROM stack_live"))
                .isLessThanOrEqualTo(stacks * (span / Ingest.RETAINED_STACK_SAMPLE_NANOS + 2));
            assertThat(count(f, "SELECT COUNT(*) FROM chunks")).isZero();
        }
    }

    /** Rows of every table that grows during a recording, and the lifetimes packed into chunks. */
    private static long storedRows(Path f) throws SQLException {
        long n = count(f, "SELECT COALESCE(SUM(n), 0) FROM chunk_index");
        for (String t : new String[] {"closed_counts", "open_lifetimes", "chunks", "buckets", "samples", "stack_live"}) {
            n += count(f, "SELECT COUNT(*) FROM " + t);
        }
        return n;
    }

    private static long count(Path f, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(f) + ";ACCESS_MODE_DATA=r", "sa", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String url(Path file) {
        String s = Recording.normalize(file).toString();
        return "jdbc:h2:file:" + s.substring(0, s.length() - Recording.SUFFIX.length()) + ";IFEXISTS=TRUE";
    }
}
