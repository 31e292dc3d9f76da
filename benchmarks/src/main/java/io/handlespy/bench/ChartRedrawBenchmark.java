package io.handlespy.bench;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.chart.ChartPalette;
import io.handlespy.ui.chart.ChartRenderer;
import io.handlespy.ui.chart.Viewport;
import io.handlespy.ui.model.OpenedRecording;
import io.handlespy.ui.source.AnalysisQueries;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chart on a recording with 20 million events (10 million lifetimes), at the
 * main window's chart size. {@code redraw}: what the app times on the UI thread
 * and shows as "redraw" (reduce to pixel columns + canvas commands).
 * {@code redrawAndRasterize}: the same plus software rasterization of the canvas.
 * {@code zoomedRedraw}: a zoom step — series query at one point per pixel column
 * for a new 10% viewport, then the redraw.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ChartRedrawBenchmark {
    static final double WIDTH = 1336;
    static final double HEIGHT = 380;

    private AnalysisQueries queries;
    private OpenedRecording opened;
    private Canvas canvas;
    private WritableImage image;
    private final ChartRenderer renderer = new ChartRenderer();
    private final ChartPalette palette = ChartPalette.light();
    private TimeWindow selection;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        queries = AnalysisQueries.open(UiBenchSupport.tenMillionLifetimes());
        opened = OpenedRecording.read(queries);
        long len = opened.whole().lengthNanos();
        selection = new TimeWindow(len / 4, len / 2);
        UiBenchSupport.startFx();
        UiBenchSupport.onFx(() -> {
            canvas = new Canvas(WIDTH, HEIGHT);
            image = new WritableImage((int) WIDTH, (int) HEIGHT);
            return null;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queries.close();
    }

    private ChartRenderer.Scene scene(Viewport v, CountSeries s) {
        return new ChartRenderer.Scene(v, s, selection, false, WIDTH / 2);
    }

    @Benchmark
    public Canvas redraw() throws Exception {
        return UiBenchSupport.onFx(() -> {
            renderer.draw(canvas.getGraphicsContext2D(), WIDTH, HEIGHT,
                    scene(Viewport.all(opened.whole()), opened.overview()), palette);
            return canvas;
        });
    }

    @Benchmark
    public WritableImage redrawAndRasterize() throws Exception {
        return UiBenchSupport.onFx(() -> {
            renderer.draw(canvas.getGraphicsContext2D(), WIDTH, HEIGHT,
                    scene(Viewport.all(opened.whole()), opened.overview()), palette);
            return canvas.snapshot(null, image);
        });
    }

    @Benchmark
    public Canvas zoomedRedraw() throws Exception {
        Viewport all = Viewport.all(opened.whole());
        long span = all.span() / 10;
        long from = (step++ % 9) * span;
        Viewport v = new Viewport(from, from + span, all.boundFromNanos(), all.boundToNanos());
        int columns = (int) (WIDTH - ChartRenderer.LEFT - ChartRenderer.RIGHT);
        CountSeries detail = queries.series(v.window(), columns);
        return UiBenchSupport.onFx(() -> {
            renderer.draw(canvas.getGraphicsContext2D(), WIDTH, HEIGHT, scene(v, detail), palette);
            return canvas;
        });
    }
}
