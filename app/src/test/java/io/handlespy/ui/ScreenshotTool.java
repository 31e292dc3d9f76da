package io.handlespy.ui;

import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.capture.synthetic.SyntheticModules;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.chart.ChartView;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.model.RecordingOpener;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.source.ReportExporter;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import io.handlespy.ui.view.MainWindow;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Renders the main window with a recording open, a window selected and its top
 * leak row selected, and saves it as a PNG. Run under Xvfb (see docs/performance.md,
 * "Desktop app"); used for docs/screenshots/main-window.png.
 */
public final class ScreenshotTool {
    private ScreenshotTool() {}

    /**
     * {@code ScreenshotTool OUT.png [dark]}: makes a one-minute synthetic recording with
     * two burst leaks and two slow leaks, selects the first burst and writes the PNG.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("handlespy-screenshot");
        SyntheticConfig config = SyntheticConfig.demo(11).withDuration(60_000_000_000L).withRate(4_000)
                .withBursts(List.of(new SyntheticConfig.Burst(SyntheticModules.BURST_LEAK, 22_000_000_000L, 400),
                        new SyntheticConfig.Burst(SyntheticModules.LOG_LEAK, 41_000_000_000L, 120)));
        Path file = SyntheticRecordings.make(dir.resolve("leaky-service.mv.db"), config);
        capture(AnalysisQueries::open, file, new ExportAdapter(), TimeWindow.ofSeconds(18, 30), Path.of(args[0]),
                args.length > 1 && args[1].equals("dark"));
    }

    /** Shows {@code opener}'s recording at {@code file}, selects [from, to] and writes {@code out}. */
    public static void capture(RecordingOpener opener, Path file, ReportExporter exporter, TimeWindow select, Path out,
                               boolean dark) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Preferences prefs = Preferences.userRoot().node("io/handlespy/screenshot");
        prefs.putBoolean("dark", dark);
        FxBackground background = new FxBackground(2);
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        Platform.runLater(() -> {
            Stage stage = new Stage();
            MainViewModel vm = new MainViewModel(background, opener, Optional.empty(), new RecentFiles(prefs.node("recent")),
                new ViewStates(prefs.node("views")));
            new io.handlespy.ui.model.WindowMemory(prefs.node("window")).save(new io.handlespy.ui.model.WindowMemory.Saved(
                    new io.handlespy.ui.model.Placement.Rect(0, 0, 1440, 900), false));
            MainWindow window = MainStage.build(stage, vm, NO_PROCESSES, exporter, prefs, uri -> { });
            stage.show();
            vm.recordingProperty().addListener((o, was, r) -> afterOpen(r, window, select, out, done, failure));
            vm.messageProperty().addListener((o, was, m) -> {
                if (m != null) {
                    failure[0] = new IllegalStateException(m.title() + ": " + m.text());
                    done.countDown();
                }
            });
            vm.open(file);
        });
        if (!done.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("the window did not settle in 120 s");
        background.close();
        Platform.exit();
        prefs.removeNode();
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
    }

    private static void afterOpen(RecordingViewModel r, MainWindow window, TimeWindow select, Path out,
                                  CountDownLatch done, Throwable[] failure) {
        r.select(select);
        r.leakTable().reportProperty().addListener((o, was, report) -> {
            if (report == null || !report.window().equals(select)) return;
            if (!r.leakTable().rows().isEmpty()) r.leakTable().selectedProperty().set(r.leakTable().rows().get(0));
            window.chart().requestFocus();
            hover(window.chart(), select.fromNanos() + select.lengthNanos() * 2 / 3);
            settleThen(4, () -> {
                try {
                    WritableImage img = window.getScene().snapshot(null);
                    File f = out.toFile();
                    if (f.getParentFile() != null) f.getParentFile().mkdirs();
                    ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
                } catch (Exception | Error e) {
                    failure[0] = e;
                }
                done.countDown();
            });
        });
    }

    /** Moves the pointer over the chart at {@code nanos} (crosshair and readout), a few times to warm the redraw up. */
    private static void hover(ChartView chart, long nanos) {
        double x = chart.xOf(nanos);
        double y = chart.getHeight() / 3;
        for (int i = 40; i >= 0; i--) {
            chart.fireEvent(new MouseEvent(MouseEvent.MOUSE_MOVED, x - i, y, 0, 0, MouseButton.NONE, 0, false, false,
                    false, false, false, false, false, false, false, false, null));
        }
    }

    /** Lets a few pulses pass (layout, CSS, growth table) before the snapshot. */
    private static void settleThen(int pulses, Runnable action) {
        if (pulses == 0) {
            action.run();
            return;
        }
        javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(javafx.util.Duration.millis(250));
        p.setOnFinished(e -> settleThen(pulses - 1, action));
        p.play();
    }

    private static final ProcessSource NO_PROCESSES = new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(); }

        @Override public boolean wineAvailable() { return false; }
    };
}
