package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.capture.NativeLocator;
import io.handlespy.cli.CliRun;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.CaptureProcessSource;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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
 * Two Wine prefixes, one win-leaks program running in each: the process list (CLI
 * {@code ps --wine-prefix} and the picker's prefix choice) shows only the chosen
 * prefix's program, and {@code record --wine-prefix} records the one in that prefix,
 * symbolizes it through that prefix and notes the prefix in the recording.
 */
@ExtendWith({Wine.class, ApplicationExtension.class})
class WindowsWinePrefixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Wine.Prefix second;

    @TempDir Path dir;
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/wineprefixtest/" + System.nanoTime());
    private FxBackground background;

    @BeforeAll
    static void bootSecondPrefix() {
        second = Wine.Prefix.boot("wineprefix-second");
    }

    @AfterAll
    static void stopSecondPrefix() {
        second.close();
    }

    @Start
    void start(Stage stage) {
        background = new FxBackground(2);
        MainViewModel vm = new MainViewModel(background, AnalysisQueries::open, Optional.empty(),
                new RecentFiles(prefs.node("recent")), new ViewStates(prefs.node("views")));
        MainStage.build(stage, vm, new CaptureProcessSource(NativeLocator.fromEnvironment()), new ExportAdapter(), prefs,
                uri -> { });
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.close();
        prefs.removeNode();
    }

    /** win-leaks, leaking once hooked (or at once) and then waiting for {@code hold}. */
    private static Target holding(Wine.Prefix prefix, Path hold, boolean waitHooked) throws Exception {
        List<String> args = new ArrayList<>(waitHooked ? List.of("--wait-hooked") : List.of());
        args.addAll(List.of("--hold", Wine.windowsPath(hold)));
        return Target.start(prefix, Binaries.X64.testProgram("win-leaks"), args);
    }

    /** The command lines {@code ps} lists for {@code prefix}. */
    private static List<String> psCommandLines(Path prefix) throws Exception {
        CliRun ps = CliRun.of("ps", "--wine-prefix", prefix.toString(), "--format", "json");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        List<String> out = new ArrayList<>();
        for (JsonNode p : JSON.readTree(ps.out())) out.add(p.get("commandLine").asText());
        return out;
    }

    private static boolean lists(List<String> commandLines, Path hold) {
        return commandLines.stream().anyMatch(c -> c.contains(hold.getFileName().toString()) && c.contains("win-leaks"));
    }

    @Test
    void eachPrefixListsAndRecordsOnlyItsOwnPrograms(Wine.Prefix first, FxRobot robot) throws Exception {
        Path holdFirst = dir.resolve("hold-first"), holdSecond = dir.resolve("hold-second");
        try (Target inFirst = holding(first, holdFirst, false); Target inSecond = holding(second, holdSecond, true)) {
            inFirst.windowsPid();
            long pid = inSecond.windowsPid();

            List<String> firstList = psCommandLines(first.dir()), secondList = psCommandLines(second.dir());
            assertThat(lists(firstList, holdFirst)).as("%s", firstList).isTrue();
            assertThat(lists(firstList, holdSecond)).as("%s", firstList).isFalse();
            assertThat(lists(secondList, holdSecond)).as("%s", secondList).isTrue();
            assertThat(lists(secondList, holdFirst)).as("%s", secondList).isFalse();

            robot.clickOn("#record-button");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#process-wine").tryQuery().isPresent());
            atlantafx.base.controls.ToggleSwitch wine = robot.lookup("#process-wine").query();
            robot.interact(() -> wine.setSelected(true));
            ComboBox<Path> prefix = robot.lookup("#wine-prefix").queryComboBox();
            TableView<ProcessEntry> table = robot.lookup("#process-table").queryTableView();
            for (Wine.Prefix chosen : List.of(second, first)) {
                Path mine = chosen == first ? holdFirst : holdSecond, theirs = chosen == first ? holdSecond : holdFirst;
                robot.interact(() -> prefix.setValue(chosen.dir()));
                try {
                    WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> lists(commandLines(table), mine));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("the picker for " + chosen.dir() + " lists " + commandLines(table)
                            + "; it says: " + robot.lookup(".table-view .placeholder .label").tryQuery()
                            .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse(""), e);
                }
                assertThat(lists(commandLines(table), theirs)).as("%s", commandLines(table)).isFalse();
                assertThat(table.getItems()).allMatch(p -> p.wine() && chosen.dir().equals(p.winePrefix()));
            }
            assertThat(prefix.getItems()).contains(first.dir(), second.dir());
            robot.clickOn("Cancel");

            Path recording = dir.resolve("second.mv.db");
            CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() -> CliRun.of("record", "--wine-prefix",
                    second.dir().toString(), "--pid", Long.toString(pid), "--duration", "12", "--out", recording.toString()));
            inSecond.awaitLine("leaked", 120);
            CliRun done = record.get(180, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.err()).isZero();

            CliRun info = CliRun.of("info", recording.toString(), "--format", "json");
            assertThat(JSON.readTree(info.out()).get("winePrefix").asText()).isEqualTo(second.dir().toString());
            CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json");
            assertThat(leaks.exitCode()).as(leaks.err()).isZero();
            assertThat(WindowsCliTest.leaksByFunction(leaks.out())).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());
            assertThat(inFirst.isAlive()).as("the program in the other prefix was left alone").isTrue();

            CliRun wrongPrefix = CliRun.of("record", "--wine-prefix", dir.resolve("no-such-prefix").toString(), "--pid",
                    Long.toString(pid), "--out", dir.resolve("x.mv.db").toString());
            assertThat(wrongPrefix.exitCode()).isEqualTo(2);
            assertThat(wrongPrefix.err()).contains("--wine-prefix " + dir.resolve("no-such-prefix") + " is not a directory");
            Target.touch(holdFirst);
            Target.touch(holdSecond);
            assertThat(inFirst.awaitExit(60)).isEqualTo(3);
            assertThat(inSecond.awaitExit(60)).isEqualTo(3);
        }
    }

    private static List<String> commandLines(TableView<ProcessEntry> table) {
        return table.getItems().stream().map(ProcessEntry::commandLine).toList();
    }
}
