package io.handlespy.ui;

import io.handlespy.capture.NativeLocator;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.CaptureProcessSource;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.Opener;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.source.RecordingStarter;
import io.handlespy.ui.source.SessionStarter;
import io.handlespy.ui.source.SystemOpener;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import io.handlespy.ui.view.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.prefs.Preferences;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The desktop app as the UI tests drive it: the main window built into the test's
 * stage over a real background pool, with preferences of its own (removed by
 * {@link #close()}, so no test sees another's recent files or window state).
 */
final class AppDriver implements AutoCloseable {
    /** A picker that finds nothing: for tests that open recordings rather than attach. */
    static final ProcessSource NO_PROCESSES = new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(); }

        @Override public boolean wineAvailable() { return false; }
    };

    /** An opener that finds no program, so "open in editor" and "open folder" fail as they would on a bare desktop. */
    static final Opener NO_OPENER = new SystemOpener(List.of("handlespy-test-no-such-opener"));

    private final Preferences prefs;
    private final FxBackground background;
    private final MainViewModel vm;
    private final MainWindow window;

    private AppDriver(Stage stage, Optional<RecordingStarter> starter, ProcessSource processes, Opener opener) {
        prefs = Preferences.userRoot().node("io/handlespy/uitest/" + System.nanoTime());
        background = new FxBackground(2);
        vm = new MainViewModel(background, AnalysisQueries::open, starter, new RecentFiles(prefs.node("recent")),
                new ViewStates(prefs.node("views")));
        window = MainStage.build(stage, vm, processes, new ExportAdapter(), prefs, opener);
    }

    /** Builds the app into {@code stage}; the caller sizes and shows the stage. */
    static AppDriver build(Stage stage, ProcessSource processes, Opener opener) {
        return new AppDriver(stage, Optional.empty(), processes, opener);
    }

    /** The app that records for real: this build's helpers, and the machine's processes in the picker. */
    static AppDriver recording(Stage stage) {
        NativeLocator natives = NativeLocator.fromEnvironment();
        return new AppDriver(stage, Optional.of(new SessionStarter(natives)), new CaptureProcessSource(natives), uri -> { });
    }

    /** The app with no processes to pick and no program to open files with. */
    static AppDriver build(Stage stage) {
        return build(stage, NO_PROCESSES, NO_OPENER);
    }

    MainViewModel vm() { return vm; }

    MainWindow window() { return window; }

    Preferences prefs() { return prefs; }

    /** Opens {@code file} and waits until its leak table is filled and in the scene. */
    RecordingViewModel openAndWait(FxRobot robot, Path file) throws TimeoutException {
        robot.interact(() -> vm.open(file));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null
                && vm.recordingProperty().get().leakTable().reportProperty().get() != null);
        // the recording's view is built on a later pulse than the model is ready
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#leak-table").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return vm.recordingProperty().get();
    }

    @Override
    public void close() throws Exception {
        background.close();
        prefs.removeNode();
    }
}
