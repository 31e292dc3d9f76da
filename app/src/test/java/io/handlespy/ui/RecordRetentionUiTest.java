package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.store.Recording;
import io.handlespy.store.Retention;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.source.ProcessEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The record dialog (process picker) offers the retention mode with a one-line
 * explanation; attaching to a real process with "Open handles only" makes a
 * recording that keeps only open lifetimes, and the status bar says so.
 */
@ExtendWith(ApplicationExtension.class)
class RecordRetentionUiTest {
    @TempDir Path dir;
    private AppDriver app;
    private ProcessHandle target;

    @Start
    void start(Stage stage) {
        app = AppDriver.recording(stage);
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (target != null) {
            target.destroyForcibly();
            target.onExit().get(10, TimeUnit.SECONDS);
        }
        app.close();
    }

    @Test
    void recordingWithOpenHandlesOnlyChosenInTheDialogKeepsOnlyOpenLifetimesAndTheStatusBarSaysSo(FxRobot robot)
            throws Exception {
        target = detachedSleep();
        MainViewModel vm = app.vm();
        robot.clickOn("#record-button");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#process-table").tryQuery().isPresent()
                && robot.lookup("#process-table").<ProcessEntry>queryTableView().getItems().size() > 1);

        ComboBox<Retention> mode = robot.lookup("#record-retention").queryComboBox();
        Label explanation = robot.lookup("#record-retention-explanation").queryAs(Label.class);
        assertThat(mode.getItems()).containsExactly(Retention.FULL, Retention.OPEN);
        assertThat(mode.getValue()).isEqualTo(Retention.FULL);
        assertThat(explanation.getText()).isEqualTo(
                "Every handle's lifetime with its stack, name and close time: for runs of minutes to hours.");
        robot.clickOn(mode);
        robot.clickOn(robot.lookup(".list-cell").match(LabeledMatchers.hasText("Open handles only")).queryLabeled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.retentionProperty().get()).isEqualTo(Retention.OPEN);
        assertThat(explanation.getText()).isEqualTo("For services recorded for days: handles still open are kept in "
                + "full, closed ones only counted per stack and second (the file grows with time, not with the churn).");

        robot.interact(() -> robot.lookup("#recording-folder").queryTextInputControl().setText(dir.toString()));
        robot.clickOn("#process-search").write(Long.toString(target.pid()));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ProcessEntry> table = robot.lookup("#process-table").queryTableView();
        ProcessEntry entry = table.getItems().stream().filter(p -> p.pid() == target.pid()).findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(entry));
        robot.clickOn("#process-attach");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.capturingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#status-retention").queryLabeled().getText()).isEqualTo("Retain: open handles");
        robot.interact(vm::stop);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.capturingProperty().get());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(Recording.SUFFIX)).toList();
        }
        assertThat(files).hasSize(1);
        // the stopped recording's totals are reread in the background
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> vm.recordingProperty().get().infoProperty().get().pid() == target.pid());
        io.handlespy.store.RecordingInfo info = vm.recordingProperty().get().infoProperty().get();
        assertThat(Path.of(info.file())).isEqualTo(files.getFirst().toAbsolutePath().normalize());
        assertThat(info.retention()).isEqualTo(Retention.OPEN);
    }

    /** A process that is not this JVM's descendant, which the picker would hide as part of HandleSpy. */
    private static ProcessHandle detachedSleep() throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        assertThat(sh.waitFor()).isZero();
        return ProcessHandle.of(pid).orElseThrow();
    }
}
