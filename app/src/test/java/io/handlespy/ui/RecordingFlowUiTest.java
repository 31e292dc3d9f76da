package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.store.Recording;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.source.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Starting and ending recordings from the window, with the real agent: the picker, and quitting mid-recording. */
@ExtendWith(ApplicationExtension.class)
class RecordingFlowUiTest {
    @TempDir Path dir;
    private AppDriver app;
    private MainViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = AppDriver.recording(stage);
        vm = app.vm();
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private static Optional<Stage> picker() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && "Record a process".equals(s.getTitle())
                && s.isShowing()).map(w -> (Stage) w).findFirst();
    }

    @Test
    void thePickerFocusesTheSearchAndEnterAttachesToATypedPidStayingOpenWithThePlainReasonWhenItFails(FxRobot robot)
            throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        robot.clickOn("#record-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> picker().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        TextField search = robot.lookup("#process-search").query();
        assertThat(search.isFocused()).as("the search box has the focus").isTrue();
        assertThat(robot.lookup("#recording-folder").<TextField>query().getText()).as("says where recordings go")
                .isEqualTo(Path.of(System.getProperty("user.home"), "handlespy-recordings").toString());

        robot.clickOn(search).write(Long.toString(gone.pid())).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#process-problem").<Label>query().getText()
                .startsWith("Cannot record"));
        String problem = robot.lookup("#process-problem").<Label>query().getText();
        assertThat(problem).startsWith("Cannot record PID " + gone.pid() + " (" + gone.pid() + "): ")
                .contains(Long.toString(gone.pid())).doesNotContain("handlespy-injector");
        assertThat(picker()).as("the picker stays open").isPresent();
        assertThat(robot.lookup(".error-dialog").tryQuery()).isEmpty();
        assertThat(vm.status().stateProperty().get()).isEqualTo("No recording");
        robot.interact(() -> picker().orElseThrow().close());
    }

    @Test
    void quittingWhileRecordingAsksSaysWhereTheFileIsAndCanEndTheLaunchedProgram(FxRobot robot) throws Exception {
        Path out = dir.resolve("sleeper.mv.db");
        robot.interact(() -> vm.launch(new LaunchSpec("/bin/sleep", List.of("120"), dir, false), out));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.capturingProperty().get()
                && vm.recordingProperty().get() != null
                && ProcessHandle.of(vm.recordingProperty().get().infoProperty().get().pid()).isPresent());
        long pid = vm.recordingProperty().get().infoProperty().get().pid();
        ProcessHandle target = ProcessHandle.of(pid).orElseThrow();
        assertThat(target.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));

        robot.clickOn("#main-window").press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".close-prompt").tryQuery().isPresent());
        assertThat(stage.isShowing()).as("nothing closes before the user answers").isTrue();
        DialogPane prompt = robot.lookup(".close-prompt").query();
        assertThat(prompt.getContentText()).contains(out.toAbsolutePath().toString());
        assertThat(prompt.getButtonTypes()).extracting(b -> b.getText())
                .containsExactly("Cancel", "End the program and quit", "Stop recording and quit");

        robot.clickOn((Button) prompt.lookupButton(prompt.getButtonTypes().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).isTrue();
        assertThat(vm.capturingProperty().get()).isTrue();

        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".close-prompt").tryQuery().isPresent());
        DialogPane again = robot.lookup(".close-prompt").query();
        robot.clickOn((Button) again.lookupButton(again.getButtonTypes().get(1)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !stage.isShowing());
        target.onExit().get(10, TimeUnit.SECONDS);
        assertThat(target.isAlive()).isFalse();
        assertThat(Files.exists(out)).isTrue();
        try (Recording r = Recording.open(out)) {
            assertThat(r.info().status()).isEqualTo("complete");
        }
    }

    @Test
    void aLaunchedProgramsOutputAndExitCodeShowInTheConsoleTab(FxRobot robot) throws Exception {
        Path out = dir.resolve("talker.mv.db");
        robot.interact(() -> vm.launch(new LaunchSpec("/bin/sh", List.of("-c",
                "echo hello from the target; echo trouble on stderr >&2; exit 3"), dir, false), out));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null
                && !vm.capturingProperty().get() && vm.consoleProperty().get() != null
                && vm.consoleProperty().get().stateProperty().get().startsWith("Exited"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#console-state").queryLabeled().getText()).isEqualTo("Exited with code 3");
        assertThat(robot.lookup("#console-text").<javafx.scene.control.TextArea>query().getText())
                .isEqualTo("hello from the target\ntrouble on stderr\n");
        assertThat(Files.readString(dir.resolve("talker.output.txt")))
                .isEqualTo("hello from the target\ntrouble on stderr\n");
    }
}
