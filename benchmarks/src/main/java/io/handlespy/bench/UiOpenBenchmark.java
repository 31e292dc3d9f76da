package io.handlespy.bench;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.ui.chart.ChartPalette;
import io.handlespy.ui.chart.ChartRenderer;
import io.handlespy.ui.chart.Viewport;
import io.handlespy.ui.model.OpenedRecording;
import io.handlespy.ui.source.AnalysisQueries;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a 10-million-lifetime recording: {@code openToFirstPaint} is what the
 * app does before the chart appears (open the file, read totals, extent and the
 * overview series, draw and rasterize the chart); {@code openToLeakTable} adds
 * the whole-recording leak query the table shows next. Each operation opens and
 * closes the file (single shot, a fresh open every time).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class UiOpenBenchmark {
    private Path file;
    private Canvas canvas;
    private WritableImage image;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = UiBenchSupport.tenMillionLifetimes();
        UiBenchSupport.startFx();
        UiBenchSupport.onFx(() -> {
            canvas = new Canvas(ChartRedrawBenchmark.WIDTH, ChartRedrawBenchmark.HEIGHT);
            image = new WritableImage((int) ChartRedrawBenchmark.WIDTH, (int) ChartRedrawBenchmark.HEIGHT);
            return null;
        });
    }

    private WritableImage paint(OpenedRecording opened) throws Exception {
        return UiBenchSupport.onFx(() -> {
            new ChartRenderer().draw(canvas.getGraphicsContext2D(), ChartRedrawBenchmark.WIDTH,
                    ChartRedrawBenchmark.HEIGHT, new ChartRenderer.Scene(Viewport.all(opened.whole()),
                            opened.overview(), null, false, Double.NaN), ChartPalette.light());
            return canvas.snapshot(null, image);
        });
    }

    @Benchmark
    public WritableImage openToFirstPaint() throws Exception {
        try (AnalysisQueries q = AnalysisQueries.open(file)) {
            return paint(OpenedRecording.read(q));
        }
    }

    @Benchmark
    public LeakReport openToLeakTable() throws Exception {
        try (AnalysisQueries q = AnalysisQueries.open(file)) {
            OpenedRecording opened = OpenedRecording.read(q);
            paint(opened);
            return q.leaks(opened.whole(), Horizon.END);
        }
    }
}
