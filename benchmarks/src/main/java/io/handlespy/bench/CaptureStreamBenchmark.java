package io.handlespy.bench;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The app's two stages of a Linux capture, each alone, on a real event stream:
 * the Linux helper's output for the 8-thread churn ({@code churn 8 50000}, about
 * 800,000 handle events), captured once into {@code target/churn-stream.bin} with
 * {@code handlespy-injector launch --output}. {@code decode} is the capture
 * reader's work (buffered stream, {@link FrameDecoder}); {@code decodeAndIngest}
 * adds the hand-off to the {@link RecordingWriter} and its ingest into a fresh
 * H2 recording, which is what {@code record} does with the stream. The
 * {@code events} counter gives handle events per second; {@code readerCpuNanos}
 * and {@code writerCpuNanos} over {@code events} give each thread's CPU-ns per
 * event, which a machine shared with other work changes far less than the rates.
 * The helper's part is measured by {@code benchmarks/peers/pipeline.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class CaptureStreamBenchmark {
    static final String STREAM = "churn-stream.bin";
    static final int THREADS = 8, PAIRS = 50_000, HANDOFF_RUN = 1024;
    private static final ThreadMXBean THREADS_CPU = ManagementFactory.getThreadMXBean();

    private byte[] stream;
    private long frames, events;
    private Path dir;
    private int run;

    /** Per-second totals JMH reports next to the operation rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        public long events;
        public long bytes;
        /** CPU time of the reading thread and of the writer thread, as rates: over {@code events}, CPU-ns per event. */
        public long readerCpuNanos;
        public long writerCpuNanos;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            bytes = 0;
            readerCpuNanos = 0;
            writerCpuNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void load() throws IOException, InterruptedException {
        Path file = Path.of("target", STREAM);
        if (!Files.exists(file)) capture(file);
        stream = Files.readAllBytes(file);
        FrameDecoder d = decoder();
        for (Frame f = d.next(); f != null; f = d.next()) {
            frames++;
            if (isHandleEvent(f)) events++;
        }
        System.out.printf("%nstream %s: %,d frames, %,d handle events, %,d bytes%n", file, frames, events, stream.length);
        dir = Files.createDirectories(Path.of("target", "bench-capture-ingest"));
    }

    /** Runs the churn under the Linux helper, its event stream going to {@code file}. */
    private static void capture(Path file) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path injector = root.resolve("target/native/linux-x86_64/handlespy-injector");
        Path churn = root.resolve("target/test-programs/linux-x86_64/churn");
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Process p = new ProcessBuilder(injector.toString(), "launch", "--output", partial.toAbsolutePath().toString(), "--",
            churn.toString(), Integer.toString(THREADS), Integer.toString(PAIRS))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int rc = p.waitFor();
        if (rc != 0) throw new IOException(injector + " exited with code " + rc + " while capturing the churn's stream");
        Files.move(partial, file);
    }

    /** The benchmarks run from the repository root (./bench) or from benchmarks/ (the docs' commands). */
    private static Path repositoryRoot() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("target/native/linux-x86_64/handlespy-injector"))) return p;
        }
        throw new IOException("no built Linux helper (target/native/linux-x86_64/handlespy-injector) above "
            + Path.of("").toAbsolutePath() + ": build first (mvn install -DskipTests)");
    }

    private static boolean isHandleEvent(Frame f) {
        return f instanceof Frame.Create || f instanceof Frame.Close || f instanceof Frame.Duplicate
            || f instanceof Frame.Snapshot;
    }

    /** As the capture reader reads the helper's FIFO. */
    private FrameDecoder decoder() {
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(stream), 1 << 16);
        return new FrameDecoder(in);
    }

    private static long writerThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("recording-writer"))
            .mapToLong(Thread::threadId).findFirst().orElseThrow();
    }

    @TearDown(Level.Iteration)
    public void clean() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Benchmark
    public long decode(Throughput t, Blackhole bh) throws IOException {
        long cpu = THREADS_CPU.getCurrentThreadCpuTime();
        FrameDecoder d = decoder();
        long n = 0;
        for (Frame f = d.next(); f != null; f = d.next()) {
            bh.consume(f);
            n++;
        }
        if (n != frames) throw new IllegalStateException("decoded " + n + " of " + frames + " frames");
        t.readerCpuNanos += THREADS_CPU.getCurrentThreadCpuTime() - cpu;
        t.events += events;
        t.bytes += stream.length;
        return n;
    }

    @Benchmark
    public long decodeAndIngest(Throughput t) throws Exception {
        try (Recording r = Recording.create(dir.resolve("ingest-" + run++))) {
            RecordingWriter w = r.startWriting();
            long writer = writerThread(), writerCpu = THREADS_CPU.getThreadCpuTime(writer);
            long cpu = THREADS_CPU.getCurrentThreadCpuTime();
            FrameDecoder d = decoder();
            // as CaptureSession hands frames over: a decoded run at a time, before each read
            List<Frame> run = new ArrayList<>(HANDOFF_RUN);
            for (Frame f = d.next(); f != null; f = d.next()) {
                run.add(f);
                if (run.size() == HANDOFF_RUN || !d.hasBufferedFrame()) {
                    w.acceptAll(run);
                    run.clear();
                }
            }
            w.acceptAll(run);
            t.readerCpuNanos += THREADS_CPU.getCurrentThreadCpuTime() - cpu;
            // the writer's CPU once it has taken every event (its thread ends with finish, and its time with it)
            while (w.progress().events() < events) Thread.sleep(1);
            t.writerCpuNanos += THREADS_CPU.getThreadCpuTime(writer) - writerCpu;
            w.finish("benchmark");
            long n = r.info().events();
            if (n != events) throw new IllegalStateException("ingested " + n + " of " + events + " events");
            t.events += events;
            t.bytes += stream.length;
            return n;
        }
    }
}
