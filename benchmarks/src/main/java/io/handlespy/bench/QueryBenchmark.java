package io.handlespy.bench;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Leaks and series queries on a 10-million-lifetime recording (200 s of simulated
 * time at 50,000 creates/s with bursts, slow leaks and churn), built once into
 * target/bench-10M.mv.db and reused by later runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueryBenchmark {
    static final long S = 1_000_000_000L;

    Recording recording;
    Analysis analysis;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path file = BenchRecordings.ensure("bench-10M", BenchRecordings.config(200));
        recording = Recording.open(file);
        analysis = new Analysis(recording, SyntheticAgent.symbolizer());
        System.out.println("\nrecording: " + recording.info());
    }

    @TearDown(Level.Trial)
    public void close() {
        recording.close();
    }

    /** The default question: everything still open at the end of the recording. */
    @Benchmark
    public LeakReport leaksWholeRecordingAtEnd() throws Exception {
        return analysis.leaks(new TimeWindow(0, 200 * S), Horizon.END);
    }

    /** A 10-second window in the middle, horizon = end of the window (reads the chunks straddling it). */
    @Benchmark
    public LeakReport leaksTenSecondWindowAtWindowEnd() throws Exception {
        return analysis.leaks(new TimeWindow(100 * S, 110 * S), Horizon.WINDOW);
    }

    @Benchmark
    public LeakReport leaksTenSecondWindowAtEnd() throws Exception {
        return analysis.leaks(new TimeWindow(100 * S, 110 * S), Horizon.END);
    }

    /** The chart of the whole recording at 1,000 points. */
    @Benchmark
    public CountSeries seriesWholeRecording1000Points() throws Exception {
        return analysis.series(new TimeWindow(0, 200 * S), 1000);
    }

    /** Zoomed in: 2 seconds at 1,000 points (reads the 10 ms buckets). */
    @Benchmark
    public CountSeries seriesTwoSeconds1000Points() throws Exception {
        return analysis.series(new TimeWindow(100 * S, 102 * S), 1000);
    }
}
