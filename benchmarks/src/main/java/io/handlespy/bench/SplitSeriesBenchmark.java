package io.handlespy.bench;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.store.Recording;
import java.nio.file.Path;
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
 * The chart's series split per handle type and per category (issues 12 and 13) on
 * the same 10-million-lifetime recording as {@link QueryBenchmark}, built under a
 * name of its own (target/bench-split-10M.mv.db) so it has the per-kind buckets;
 * compare with QueryBenchmark's unsplit series at the same windows and points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SplitSeriesBenchmark {
    static final long S = 1_000_000_000L;

    @Param({"TYPE", "CATEGORY"})
    public SeriesSplit split;

    Recording recording;
    Analysis analysis;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path file = BenchRecordings.ensure("bench-split-10M", BenchRecordings.config(200));
        recording = Recording.open(file);
        analysis = new Analysis(recording, SyntheticAgent.symbolizer());
    }

    @TearDown(Level.Trial)
    public void close() {
        recording.close();
    }

    /** The whole recording at 1,000 points, split. */
    @Benchmark
    public CountSeries splitWholeRecording1000Points() throws Exception {
        return analysis.series(new TimeWindow(0, 200 * S), 1000, split);
    }

    /** Zoomed in: 2 seconds at 1,000 points (the 10 ms buckets of every kind), split. */
    @Benchmark
    public CountSeries splitTwoSeconds1000Points() throws Exception {
        return analysis.series(new TimeWindow(100 * S, 102 * S), 1000, split);
    }
}
