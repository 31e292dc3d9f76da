package io.handlespy.bench;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingInfo;
import io.handlespy.store.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A week-long service recorded with {@code --retain open}: the synthetic agent's
 * {@link SyntheticConfig#service} at {@code eventsPerSecond} for {@code days} of
 * simulated time (compressed: generated and ingested as fast as the writer goes),
 * built once into target/bench-retain-DAYSd-RATE.mv.db. The setup prints the file
 * size with the totals (the ≤ 2 GB target); the benchmarks time the leak query
 * (≤ 200 ms target) and the chart's series query at 1,000 points (≤ 16 ms with the
 * draw, which {@link ChartRedrawBenchmark} times).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RetentionBenchmark {
    static final long S = 1_000_000_000L;

    @Param("7")
    public double days;

    @Param("10000")
    public double eventsPerSecond;

    Recording recording;
    Analysis analysis;
    long end;

    @Setup(Level.Trial)
    public void open() throws Exception {
        String name = String.format(Locale.ROOT, "bench-retain-%sd-%s", days, (long) eventsPerSecond);
        long started = System.nanoTime();
        Path file = BenchRecordings.ensure(name, SyntheticConfig.service(2026, days, eventsPerSecond), Retention.OPEN);
        long built = System.nanoTime() - started;
        recording = Recording.open(file);
        analysis = new Analysis(recording, SyntheticAgent.symbolizer());
        RecordingInfo info = recording.info();
        end = info.durationNanos();
        System.out.printf(Locale.ROOT, "%nretention %s: %s, %.2f simulated days, %,d events, %,d creates, %,d closes, "
                + "%,d open at the end; file %,d bytes (%.1f MB); ready in %.1f s (built now or before)%n",
            info.retention().cliName(), file, end / 86_400e9, info.events(), info.creates(), info.closes(),
            info.openAtEnd(), Files.size(file), Files.size(file) / 1e6, built / 1e9);
    }

    @TearDown(Level.Trial)
    public void close() {
        recording.close();
    }

    /** The default question: every handle created and never closed over the whole recording. */
    @Benchmark
    public LeakReport leaksWholeRecordingAtEnd() throws Exception {
        return analysis.leaks(new TimeWindow(0, end), Horizon.END);
    }

    /** A one-hour window in the middle, never closed. */
    @Benchmark
    public LeakReport leaksOneHourInTheMiddleAtEnd() throws Exception {
        return analysis.leaks(new TimeWindow(end / 2, end / 2 + 3600 * S), Horizon.END);
    }

    /** The chart of the whole recording at 1,000 points. */
    @Benchmark
    public CountSeries seriesWholeRecording1000Points() throws Exception {
        return analysis.series(new TimeWindow(0, end), 1000);
    }

    /** The chart zoomed to the last 10 minutes at 1,000 points (reads the 1 s buckets). */
    @Benchmark
    public CountSeries seriesLastTenMinutes1000Points() throws Exception {
        return analysis.series(new TimeWindow(Math.max(0, end - 600 * S), end), 1000);
    }
}
