package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.ui.model.IterationsViewModel;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.source.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Marking iterations from the desktop app while it records the real iterleak program
 * (one eventfd leaked per iteration among noise): the toolbar's Mark button (shown
 * while recording) and Shortcut+M put markers in the recording, and so does
 * {@code handlespy mark} from another command, and the leaks per iteration single out
 * the once-per-iteration leak.
 */
@ExtendWith(ApplicationExtension.class)
class MarkIterationsUiTest {
    private static final Path ITERLEAK = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"),
            "linux-x86_64", "iterleak");
    private static final int ITERATIONS = 3;

    @TempDir Path dir;
    private AppDriver app;
    private MainViewModel vm;

    @Start
    void start(Stage stage) {
        app = AppDriver.recording(stage);
        vm = app.vm();
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private static void await(Path file) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(file));
    }

    @Test
    void theMarkButtonAndShortcutMarkEachIteration(FxRobot robot) throws Exception {
        Path control = Files.createDirectories(dir.resolve("control"));
        Path out = dir.resolve("iter.mv.db");
        robot.interact(() -> vm.launch(new LaunchSpec(ITERLEAK.toString(),
                List.of(control.toString(), Integer.toString(ITERATIONS)), dir, false), out));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.capturingProperty().get()
                && vm.recordingProperty().get() != null && vm.recordingProperty().get().infoProperty().get() != null
                && vm.recordingProperty().get().infoProperty().get().startedAtUnixNanos() != 0);
        await(control.resolve("ready"));
        assertThat(robot.lookup("#mark-button").queryButton().getText()).isEqualTo("Mark (0)");

        for (int i = 1; i <= ITERATIONS; i++) {
            if (i == 1) robot.clickOn("#mark-button");
            if (i == 2) robot.push(KeyCode.SHORTCUT, KeyCode.M);
            if (i == 3) {
                CliRun mark = CliRun.of("mark", out.toString(), "--label", "from the CLI");
                assertThat(mark.exitCode()).as(mark.err()).isZero();
            }
            int marked = Math.min(i, 2);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.marksProperty().get() == marked);
            Files.createFile(control.resolve("go-" + i));
            await(control.resolve("done-" + i));
        }
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.capturingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#mark-button").queryButton().getText()).isEqualTo("Mark (2)");
        assertThat(robot.lookup("#mark-button").queryButton().isVisible()).isFalse();
        robot.clickOn(robot.lookup(".tab").match(n -> n.lookup(".tab-label") instanceof javafx.scene.control.Labeled l
                && l.getText().equals("Iterations")).queryAs(javafx.scene.Node.class));
        javafx.scene.control.TableView<IterationsViewModel.Row> iterations =
                robot.lookup("#iterations-table").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#iterations-summary").queryLabeled()
                .getText().startsWith("3 iterations between 3 markers"));
        assertThat(robot.lookup("#iterations-summary").queryLabeled().getText())
                .as("the iterations view finds what leaks --per-iteration finds")
                .startsWith("3 iterations between 3 markers; ").endsWith(" leaking in at least 2 of 3, most consistent first");
        IterationsViewModel.Row first = iterations.getItems().get(0);
        assertThat(first.iterations()).isEqualTo("3/3");
        assertThat(first.perIteration()).isEqualTo("1 1 1");
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.where()).contains("leak_per_action");
        robot.interact(() -> vm.shutdown());
        try (Recording r = Recording.openReadOnly(out)) {
            assertThat(r.markers()).extracting(Marker::label).containsExactly("mark 1", "mark 2", "from the CLI");
        }
        CliRun perIteration = CliRun.of("leaks", out.toString(), "--per-iteration", "--format", "json");
        assertThat(perIteration.exitCode()).as(perIteration.err()).isZero();
        JsonNode top = new ObjectMapper().readTree(perIteration.out()).get("leaks").get(0);
        assertThat(top.get("createdAt").asText()).contains("leak_per_action");
        assertThat(top.get("perIteration").toString()).isEqualTo("[1,1,1]");
    }
}
