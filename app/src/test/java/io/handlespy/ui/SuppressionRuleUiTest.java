package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.cli.CliRun;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
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
 * A suppression rule started from a row of the leak table ("Rule" copies it to the
 * clipboard): given to {@code handlespy leaks --suppressions}, it hides that row's
 * leaks and says so.
 */
@ExtendWith(ApplicationExtension.class)
class SuppressionRuleUiTest {

    @TempDir static Path dir;
    private static Path recording;

    private AppDriver app;
    private MainViewModel vm;

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = SyntheticRecordings.make(dir.resolve("demo.mv.db"), SyntheticConfig.demo(7));
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

    @Test
    void theRuleCopiedFromARowHidesThatRowsLeaksInTheCli(FxRobot robot) throws Exception {
        app.openAndWait(robot, recording);
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#copy-rule").queryButton().isDisabled()).isTrue();
        robot.clickOn(robot.from(table).lookup(".table-row-cell").nth(0).queryAs(Node.class));
        LeakRow row = table.getSelectionModel().getSelectedItem();
        robot.clickOn("#copy-rule");
        AtomicReference<String> copied = new AtomicReference<>();
        robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));

        assertThat(copied.get()).isEqualTo(vm.recordingProperty().get().leakTable().ruleText()).startsWith("[[suppress]]");
        Path rules = Files.writeString(dir.resolve("rules.toml"), copied.get());
        CliRun all = CliRun.of("leaks", recording.toString(), "--format", "json", "--no-default-suppressions");
        CliRun suppressed = CliRun.of("leaks", recording.toString(), "--format", "json", "--no-default-suppressions",
            "--suppressions", rules.toString());

        assertThat(suppressed.exitCode()).as(suppressed.err()).isZero();
        List<String> before = stacks(all), after = stacks(suppressed);
        String selected = String.join(" ", row.group().stack().stream().map(f -> "0x" + Long.toHexString(f.address())).toList());
        assertThat(before).contains(selected);
        assertThat(after).doesNotContain(selected);
        int hidden = total(all) - total(suppressed);
        assertThat(hidden).isGreaterThanOrEqualTo(row.count());
        assertThat(suppressed.err()).contains(hidden + " handles from " + (before.size() - after.size()) + " stack")
            .contains("hidden by 'accepted");
    }

    /** Each group's stack as its frame addresses, innermost first. */
    private static List<String> stacks(CliRun r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode g : new ObjectMapper().readTree(r.out()).get("groups")) {
            List<String> addresses = new ArrayList<>();
            for (JsonNode f : g.get("stack")) addresses.add(f.get("address").asText());
            out.add(String.join(" ", addresses));
        }
        return out;
    }

    private static int total(CliRun r) throws Exception {
        int n = 0;
        for (JsonNode g : new ObjectMapper().readTree(r.out()).get("groups")) n += g.get("count").asInt();
        return n;
    }
}
