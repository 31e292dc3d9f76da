package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.handlespy.cli.CliRun;
import io.handlespy.ui.model.LeakComparison.Change;
import io.handlespy.ui.model.LeakComparison.Row;
import io.handlespy.ui.model.MainViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
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
 * The Compare tab against a window of another recording: two real recordings of the
 * baseline program, the second built with its code moved (baseline-b) and run as the
 * "next version" (--changed: one leak grows, one shrinks, one is gone, one is new).
 * A is the whole first recording; B a window typed for the second.
 */
@ExtendWith(ApplicationExtension.class)
class CompareRecordingsUiTest {
    private static final Path PROGRAMS = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"),
            "linux-x86_64");

    @TempDir static Path dir;
    private static Path before;
    private static Path after;

    private AppDriver app;
    private MainViewModel vm;

    private static Path record(String name, String build, String... args) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path program = Files.copy(PROGRAMS.resolve(build), folder.resolve("server"), StandardCopyOption.COPY_ATTRIBUTES);
        Path out = dir.resolve(name + ".mv.db");
        List<String> cmd = new java.util.ArrayList<>(List.of("record", "--out", out.toString(), "--", program.toString()));
        cmd.addAll(List.of(args));
        CliRun r = CliRun.of(cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    @BeforeAll
    static void record() throws Exception {
        before = record("before", "baseline-a");
        after = record("after", "baseline-b", "--changed");
    }

    @Start
    void start(Stage stage) {
        app = AppDriver.build(stage, AppDriver.NO_PROCESSES, uri -> { });
        vm = app.vm();
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Labeled.class).getText();
    }

    @Test
    void aWindowOfAnotherRecordingComparesByCreateStackNewGoneGrownAndShrunk(FxRobot robot) throws Exception {
        app.openAndWait(robot, before);
        java.util.function.Supplier<org.testfx.service.query.NodeQuery> compareTab = () -> robot.lookup(".tab")
                .match(n -> n.lookup(".tab-label") instanceof Labeled l && l.getText().equals("Compare"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> compareTab.get().tryQuery().isPresent());
        robot.clickOn(compareTab.get().queryAs(Node.class));
        assertThat(robot.lookup("#compare-other").queryButton().isDisabled()).isTrue();
        robot.clickOn("#compare-set-a");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#compare-a").endsWith(" leaked"));
        assertThat(text(robot, "#compare-a")).endsWith(" · 8 leaked");

        robot.clickOn("#compare-other-file").write(after.toString()).push(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#compare-other-state").contains(" runs "));
        TextField from = robot.lookup("#compare-other-from").query();
        TextField to = robot.lookup("#compare-other-to").query();
        assertThat(from.getText()).isEqualTo("0.000");
        robot.interact(() -> to.setText("0"));
        robot.clickOn("#compare-other");
        assertThat(from.getPseudoClassStates()).extracting(Object::toString).contains("danger");
        robot.interact(() -> to.setText("3600"));
        robot.clickOn("#compare-other");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#compare-b").endsWith(" leaked"));

        TableView<Row> table = robot.lookup("#compare-table").queryTableView();
        assertThat(table.getItems()).extracting(Row::change, Row::countA, Row::countB, x -> function(x.where()))
                .containsExactly(
                        tuple(Change.NEW, 0, 2, "leak_new"),
                        tuple(Change.GROWN, 2, 3, "leak_config"),
                        tuple(Change.SHRUNK, 4, 2, "leak_cache"),
                        tuple(Change.SAME, 1, 1, "leak_same"),
                        tuple(Change.GONE, 1, 0, "leak_gone"));
        assertThat(text(robot, "#compare-b")).startsWith("B: after.mv.db, ").endsWith(" · 8 leaked");
    }

    /** "server!leak_new baseline.c:57" → "leak_new". */
    private static String function(String where) {
        String f = where.substring(where.indexOf('!') + 1);
        return f.contains(" ") ? f.substring(0, f.indexOf(' ')) : f;
    }
}
