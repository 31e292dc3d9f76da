package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.cli.CliRun;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.model.SuppressionsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The desktop app applies suppression rules as {@code handlespy leaks --suppressions}
 * does: a rule added from a row hides that row's handles from the leak table and the
 * export, the bar says how many handles each rule hid, and the built-in rules are
 * listed as applied and can be switched off.
 */
@ExtendWith(ApplicationExtension.class)
class SuppressionsUiTest {

    @TempDir static Path dir;
    private static Path recording;

    private AppDriver app;
    private MainViewModel vm;
    private SuppressionsViewModel suppressions;

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = SyntheticRecordings.make(dir.resolve("demo.mv.db"), SyntheticConfig.demo(7));
    }

    @Start
    void start(Stage stage) {
        app = AppDriver.build(stage, AppDriver.NO_PROCESSES, uri -> { });
        vm = app.vm();
        suppressions = app.window().suppressions();
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private static int total(JsonNode groups) {
        int n = 0;
        for (JsonNode g : groups) n += g.get("count").asInt();
        return n;
    }

    /** The text of a labeled node; empty while it is not in the scene yet. */
    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse("");
    }

    @Test
    void aRuleAddedFromARowHidesItsHandlesFromTheTableAndTheExportAndSaysHowMany(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        int builtIn = SuppressionFile.defaults().size();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> label(robot, "#suppression-menu")
                .equals(builtIn + " rules, none hides a leak"));
        int before = r.leakTable().reportProperty().get().totalLeaked();

        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        LeakRow row = table.getSelectionModel().getSelectedItem();
        SuppressionRule rule = r.leakTable().rule().orElseThrow();
        assertThat(robot.lookup("#suppression-hide").queryButton().isDisabled()).isFalse();
        Path rules = dir.resolve("rules.toml");
        Files.writeString(rules, "# accepted leaks\n");
        robot.interact(() -> suppressions.appendRule(rule, rules));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> label(robot, "#suppression-menu")
                .startsWith((builtIn + 1) + " rules: "));

        CliRun cli = CliRun.of("leaks", recording.toString(), "--format", "json", "--suppressions", rules.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        int left = total(new ObjectMapper().readTree(cli.out()).get("groups"));
        int hid = before - left;
        assertThat(hid).isGreaterThanOrEqualTo(row.count());
        String hidden = hid + (hid == 1 ? " handle" : " handles") + " hidden by 1 rule";
        assertThat(label(robot, "#suppression-menu")).isEqualTo((builtIn + 1) + " rules: " + hidden);
        LeakReport shown = r.leakTable().reportProperty().get();
        assertThat(shown.totalLeaked()).isEqualTo(left);
        assertThat(shown.groups()).noneMatch(g -> g.stackId() == row.group().stackId());
        assertThat(label(robot, "#leak-summary")).contains(" · " + hidden);
        assertThat(Files.readString(rules)).startsWith("# accepted leaks\n\n[[suppress]]\n");
        String line = cli.err().lines().filter(l -> l.startsWith("handlespy:   ") && l.contains(" hidden by '"))
                .findFirst().orElseThrow().substring("handlespy:   ".length());
        assertThat(line).startsWith(hid + (hid == 1 ? " handle" : " handles") + " from ").endsWith(" hidden by '" + rule.name() + "' (" + rules + "): "
                + rule.reason());
        MenuButton menu = robot.lookup("#suppression-menu").queryAs(MenuButton.class);
        assertThat(menu.getItems()).extracting(MenuItem::getText).contains("Stop applying " + rules, line);

        robot.clickOn("#export-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-what").tryQuery().isPresent());
        assertThat(label(robot, "#export-what")).endsWith("; " + (builtIn + 1) + " suppression rules apply ("
                + hidden + ")");
        ComboBox<io.handlespy.ui.source.ReportExporter.ExportChoice> format = robot.lookup("#export-format").queryComboBox();
        robot.interact(() -> format.getSelectionModel().select(format.getItems().stream()
                .filter(c -> c.id().equals("json")).findFirst().orElseThrow()));
        Path out = dir.resolve("leaks.json");
        TextField output = robot.lookup("#export-output").query();
        robot.interact(() -> output.setText(out.toString()));
        robot.clickOn("#export-start");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(out)
                && !robot.lookup("#export-open-folder").queryButton().isDisabled());
        robot.clickOn("#export-close");
        JsonNode exported = new ObjectMapper().readTree(out.toFile()).get("groups");
        assertThat(total(exported)).isEqualTo(shown.totalLeaked());
        List<String> stacks = new ArrayList<>();
        for (JsonNode g : exported) {
            List<String> addresses = new ArrayList<>();
            for (JsonNode f : g.get("stack")) addresses.add(f.get("address").asText());
            stacks.add(String.join(" ", addresses));
        }
        assertThat(stacks).hasSize(shown.groups().size()).doesNotContain(String.join(" ",
                row.group().stack().stream().map(f -> "0x" + Long.toHexString(f.address())).toList()));

        robot.interact(() -> suppressions.builtInProperty().set(false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> label(robot, "#suppression-menu")
                .equals("1 rule: " + hidden));
        robot.interact(() -> suppressions.removeFile(rules));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> label(robot, "#suppression-menu")
                .equals("No suppression rules"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> r.leakTable().reportProperty().get().totalLeaked() == before);
        assertThat(label(robot, "#leak-summary")).doesNotContain("hidden by");
    }

    @Test
    void anUnclearSuppressionFileIsNamedAndTheOtherRulesStillApply(FxRobot robot) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.toml"), "[[suppress]]\nmodule = \"x\"\n");
        app.openAndWait(robot, recording);
        robot.interact(() -> suppressions.addFile(broken));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !label(robot, "#suppression-problem").isEmpty());
        assertThat(label(robot, "#suppression-problem")).startsWith(broken + ", rule 1: ").contains("no reason");
        assertThat(label(robot, "#suppression-menu")).startsWith(SuppressionFile.defaults().size() + " rules");
    }
}
