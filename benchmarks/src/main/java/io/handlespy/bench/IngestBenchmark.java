package io.handlespy.bench;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained ingest of a synthetic stream (decoded frames held in memory) into a
 * fresh recording, in handle events per second, next to the naive design: one
 * batched INSERT per event into an indexed table. The baseline takes the first
 * 500,000 events of the same stream (it is too slow for 2,000,000 per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class IngestBenchmark {
    static final int EVENTS = 2_000_000, BASELINE_EVENTS = 500_000;

    List<Frame> frames;
    List<Frame> events;
    Path dir;
    int run;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        frames = new ArrayList<>();
        SyntheticConfig cfg = SyntheticConfig.demo(1).withDuration(3_600_000_000_000L).withRate(50_000);
        var it = new SyntheticAgent(cfg).frames();
        long handleEvents = 0;
        while (handleEvents < EVENTS && it.hasNext()) {
            Frame f = it.next();
            frames.add(f);
            if (f instanceof Frame.Create || f instanceof Frame.Close || f instanceof Frame.Duplicate || f instanceof Frame.Snapshot) {
                handleEvents++;
            }
        }
        events = frames.stream().filter(f -> f instanceof Frame.Create || f instanceof Frame.Close
            || f instanceof Frame.Duplicate || f instanceof Frame.Snapshot).limit(BASELINE_EVENTS).toList();
        dir = Files.createDirectories(Path.of("target", "bench-ingest"));
    }

    @TearDown(Level.Iteration)
    public void clean() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The store: lifetimes paired in memory, closed ones in compact chunks, counts pre-aggregated. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long recordingWriter() throws Exception {
        try (Recording r = Recording.create(dir.resolve("ingest-" + run++))) {
            RecordingWriter w = r.startWriting();
            for (Frame f : frames) w.accept(f);
            w.finish("benchmark");
            return r.info().events();
        }
    }

    /** Baseline: one row per handle event, batched INSERTs of 1000, commit every 100,000 rows. */
    @Benchmark
    @OperationsPerInvocation(BASELINE_EVENTS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long plainInsertBaseline() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("plain-" + run++).toAbsolutePath(), "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events(seq BIGINT PRIMARY KEY, t BIGINT, kind INT, handle BIGINT, thread BIGINT, "
                    + "stack INT, type INT, api INT, name VARCHAR(4096))");
                s.execute("CREATE INDEX events_t ON events(t)");
            }
            c.setAutoCommit(false);
            long n = 0;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Frame f : events) {
                    p.setLong(1, n++);
                    if (f instanceof Frame.Create cr) {
                        row(p, cr.time(), 5, cr.handle(), cr.thread(), cr.stackId(), cr.type(), cr.api());
                        p.setString(9, cr.name());
                    } else if (f instanceof Frame.Close cl) {
                        row(p, cl.time(), 6, cl.handle(), cl.thread(), cl.stackId(), 0, cl.api());
                    } else if (f instanceof Frame.Duplicate d) {
                        row(p, d.time(), 7, d.newHandle(), d.thread(), d.stackId(), d.type(), d.api());
                    } else if (f instanceof Frame.Snapshot sn) {
                        row(p, sn.time(), 8, sn.handle(), 0, 0, sn.type(), 0);
                    }
                    p.addBatch();
                    if (n % 1000 == 0) p.executeBatch();
                    if (n % 100_000 == 0) c.commit();
                }
                p.executeBatch();
            }
            c.commit();
            return n;
        }
    }

    private static void row(PreparedStatement p, long time, int kind, long handle, long thread, int stack, int type, int api)
            throws java.sql.SQLException {
        p.setLong(2, time);
        p.setInt(3, kind);
        p.setLong(4, handle);
        p.setLong(5, thread);
        p.setInt(6, stack);
        p.setInt(7, type);
        p.setInt(8, api);
        p.setString(9, "");
    }
}
