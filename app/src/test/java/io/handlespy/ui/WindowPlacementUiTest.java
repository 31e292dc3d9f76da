package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Where the windows go: dialogs over a maximized main window are centred on it,
 * fit the screen and leave it maximized; the main window starts large and comes
 * back where it was left.
 */
@ExtendWith(ApplicationExtension.class)
class WindowPlacementUiTest {
    @TempDir static Path dir;
    private static Path recording;

    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/placementtest/" + System.nanoTime());
    private FxBackground background;
    private MainViewModel vm;
    private Stage stage;

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = SyntheticRecordings.make(dir.resolve("placed.mv.db"),
                SyntheticConfig.demo(4).withDuration(3_000_000_000L).withRate(2_000));
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        background = new FxBackground(2);
        vm = newViewModel();
        MainStage.build(stage, vm, NO_PROCESSES, new ExportAdapter(), prefs, uri -> { });
        stage.show();
    }

    private MainViewModel newViewModel() {
        return new MainViewModel(background, AnalysisQueries::open, Optional.empty(),
                new RecentFiles(prefs.node("recent")), new ViewStates(prefs.node("views")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.close();
        prefs.removeNode();
    }

    private static Stage dialogTitled(String title) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && title.equals(s.getTitle()) && s.isShowing()));
        WaitForAsyncUtils.waitForFxEvents();
        return (Stage) Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && title.equals(s.getTitle())).findFirst().orElseThrow();
    }

    private void assertCentredOnTheMaximizedOwnerAndOnScreen(Stage dialog, double minWidth, double minHeight) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.isMaximized()).as("the main window stays maximized").isTrue();
        assertThat(dialog.getOwner()).isSameAs(stage);
        assertThat(dialog.getModality()).isEqualTo(Modality.NONE);
        assertThat(dialog.getWidth()).isGreaterThanOrEqualTo(minWidth);
        assertThat(dialog.getHeight()).isGreaterThanOrEqualTo(minHeight);
        assertThat(dialog.getX() + dialog.getWidth() / 2).isCloseTo(stage.getX() + stage.getWidth() / 2, Offset.offset(2.0));
        assertThat(dialog.getY() + dialog.getHeight() / 2).isCloseTo(stage.getY() + stage.getHeight() / 2, Offset.offset(2.0));
        assertThat(dialog.getX()).isGreaterThanOrEqualTo(screen.getMinX());
        assertThat(dialog.getY()).isGreaterThanOrEqualTo(screen.getMinY());
        assertThat(dialog.getX() + dialog.getWidth()).isLessThanOrEqualTo(screen.getMaxX());
        assertThat(dialog.getY() + dialog.getHeight()).isLessThanOrEqualTo(screen.getMaxY());
    }

    @Test
    void exportDialogOverAMaximizedWindowIsCentredOnItAndShowsAllItsButtons(FxRobot robot) throws Exception {
        robot.interact(() -> stage.setMaximized(true));
        robot.interact(() -> vm.open(recording));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null);
        robot.clickOn("#export-button");
        Stage export = dialogTitled("Export leaks");
        assertCentredOnTheMaximizedOwnerAndOnScreen(export, 600, 200);
        Node start = robot.lookup("#export-start").query();
        assertThat(start.localToScene(start.getBoundsInLocal()).getMaxY()).isLessThanOrEqualTo(export.getScene().getHeight());
        assertThat(start.localToScene(start.getBoundsInLocal()).getMaxX()).isLessThanOrEqualTo(export.getScene().getWidth());
        robot.clickOn("#export-close");
    }

    @Test
    void processPickerOverAMaximizedWindowIsCentredOnIt(FxRobot robot) throws Exception {
        robot.interact(() -> stage.setMaximized(true));
        robot.clickOn("#record-button");
        Stage picker = dialogTitled("Record a process");
        assertCentredOnTheMaximizedOwnerAndOnScreen(picker, 900, 500);
        robot.interact(picker::close);
    }

    @Test
    void theFirstWindowCoversMostOfTheScreen() {
        assertThat(stage.isMaximized()).isFalse();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.getWidth()).isCloseTo(screen.getWidth() * 0.85, Offset.offset(2.0));
        assertThat(stage.getHeight()).isCloseTo(screen.getHeight() * 0.85, Offset.offset(2.0));
    }

    private Stage showNewMainWindow() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            MainStage.build(s, newViewModel(), NO_PROCESSES, new ExportAdapter(), prefs.node("restarted"), uri -> { });
            s.show();
            return s;
        }).get();
    }

    private static List<Double> bounds(Stage s) {
        return List.of(s.getX(), s.getY(), s.getWidth(), s.getHeight());
    }

    @Test
    void sizePositionAndMaximizedStateComeBackNextTime(FxRobot robot) throws Exception {
        Stage first = showNewMainWindow();
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            first.setX(40);
            first.setY(30);
            first.setWidth(1000);
            first.setHeight(700);
        });
        robot.interact(first::hide);

        Stage again = showNewMainWindow();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bounds(again)).containsExactly(40.0, 30.0, 1000.0, 700.0);
        robot.interact(() -> again.setMaximized(true));
        robot.interact(again::hide);

        Stage third = showNewMainWindow();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(third.isMaximized()).isTrue();
        robot.interact(() -> third.setMaximized(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bounds(third)).containsExactly(40.0, 30.0, 1000.0, 700.0);
        robot.interact(third::hide);
    }

    private static final ProcessSource NO_PROCESSES = new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(); }

        @Override public boolean wineAvailable() { return false; }
    };
}
