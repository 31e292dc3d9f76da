package io.handlespy.bench;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.model.LeakTableViewModel;
import io.handlespy.ui.source.AnalysisQueries;
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
 * The leak table following a new selection on a 10-million-lifetime recording:
 * the leak query for the window, then the table model (rows, user frames, filter,
 * selection). Windows of 10% of the recording, moved along it each operation so
 * no two consecutive queries ask the same thing.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class UiLeakTableBenchmark {
    @Param({"END", "WINDOW"})
    public Horizon horizon;

    private AnalysisQueries queries;
    private TimeWindow whole;
    private final LeakTableViewModel table = new LeakTableViewModel();
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        queries = AnalysisQueries.open(UiBenchSupport.tenMillionLifetimes());
        whole = queries.whole();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queries.close();
    }

    @Benchmark
    public int refreshAfterSelection() throws Exception {
        long span = whole.lengthNanos() / 10;
        long from = (step++ % 17) * (whole.lengthNanos() - span) / 16;
        table.show(queries.leaks(new TimeWindow(from, from + span), horizon));
        return table.rows().size();
    }
}
