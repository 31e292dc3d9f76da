package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.ui.chart.ChartView;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import io.handlespy.ui.view.MainWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.geometry.Point2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The desktop app driven like a user would, headless (Monocle), on a recording
 * made by the synthetic agent: the leak table must say exactly what the analysis
 * layer says for the window dragged on the chart.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    @TempDir static Path dir;
    private static Path recording;

    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/uitest/" + System.nanoTime());
    private FxBackground background;
    private MainViewModel vm;
    private MainWindow window;

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = SyntheticRecordings.make(dir.resolve("demo.mv.db"), SyntheticConfig.demo(7));
    }

    @Start
    void start(Stage stage) {
        background = new FxBackground(2);
        vm = new MainViewModel(background, SyntheticRecordings::open, Optional.empty(), new RecentFiles(prefs.node("recent")));
        window = MainStage.build(stage, vm, NO_PROCESSES, new ExportAdapter(), prefs, uri -> { });
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.close();
        prefs.removeNode();
    }

    @AfterAll
    static void noBackgroundThreadsLeft() {
        WaitForAsyncUtils.waitForFxEvents();
    }

    private RecordingViewModel openAndWait(FxRobot robot, Path file) throws Exception {
        robot.interact(() -> vm.open(file));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null
                && vm.recordingProperty().get().leakTable().reportProperty().get() != null);
        return vm.recordingProperty().get();
    }

    private static LeakReport reference(TimeWindow w, Horizon h) throws Exception {
        try (Recording r = Recording.open(recording)) {
            return new Analysis(r, SyntheticAgent.symbolizer()).leaks(w, h);
        }
    }

    /** The table's rows, in the order shown, must be the reference groups: same stacks, counts and types. */
    private static void assertTableShows(FxRobot robot, LeakReport expected) {
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        List<LeakRow> shown = new ArrayList<>(table.getItems());
        assertThat(expected.groups()).isNotEmpty();
        assertThat(shown).extracting(r -> r.group().stackId())
                .containsExactlyElementsOf(expected.groups().stream().map(LeakGroup::stackId).toList());
        assertThat(shown).extracting(LeakRow::count)
                .containsExactlyElementsOf(expected.groups().stream().map(LeakGroup::count).toList());
        assertThat(shown).extracting(r -> r.group().types())
                .containsExactlyElementsOf(expected.groups().stream().map(LeakGroup::types).toList());
    }

    private void awaitReport(TimeWindow w, Horizon h) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            LeakReport r = vm.recordingProperty().get().leakTable().reportProperty().get();
            return r != null && r.window().equals(w) && r.horizon() == h;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void dragSelectsAWindowAndTheLeakTableMatchesTheAnalysisForBothHorizons(FxRobot robot) throws Exception {
        RecordingViewModel r = openAndWait(robot, recording);
        ChartView chart = robot.lookup("#chart").query();
        assertTableShows(robot, reference(r.wholeProperty().get(), Horizon.END));

        Point2D from = chart.localToScreen(chart.xOf(3_500_000_000L), chart.getHeight() / 2);
        Point2D to = chart.localToScreen(chart.xOf(6_000_000_000L), chart.getHeight() / 2);
        robot.drag(from).dropTo(to);
        TimeWindow selected = r.selectionProperty().get();
        assertThat(selected).isNotNull();
        long pixel = r.wholeProperty().get().lengthNanos() / (long) (chart.getWidth() - 80);
        assertThat(selected.fromNanos()).isCloseTo(3_500_000_000L, org.assertj.core.data.Offset.offset(2 * pixel));
        assertThat(selected.toNanos()).isCloseTo(6_000_000_000L, org.assertj.core.data.Offset.offset(2 * pixel));

        awaitReport(selected, Horizon.END);
        LeakReport end = reference(selected, Horizon.END);
        assertTableShows(robot, end);
        assertThat(end.groups().stream().map(g -> g.stack().get(0).function()).toList())
                .as("the burst leak at 4 s is in the window").isNotEmpty();
        TextField fromField = robot.lookup("#window-from").query();
        assertThat(fromField.getText()).isEqualTo(io.handlespy.ui.model.Formats.seconds(selected.fromNanos()));

        robot.clickOn("#horizon-window");
        awaitReport(selected, Horizon.WINDOW);
        LeakReport atWindowEnd = reference(selected, Horizon.WINDOW);
        assertTableShows(robot, atWindowEnd);
        assertThat(atWindowEnd.totalLeaked()).isGreaterThan(end.totalLeaked());

        robot.clickOn("#horizon-end");
        awaitReport(selected, Horizon.END);
        assertTableShows(robot, end);
    }

    @Test
    void keyboardNudgingAndTypedBoundsMoveTheWindow(FxRobot robot) throws Exception {
        RecordingViewModel r = openAndWait(robot, recording);
        robot.doubleClickOn("#window-from").write("2").type(javafx.scene.input.KeyCode.ENTER);
        robot.doubleClickOn("#window-to").write("5").type(javafx.scene.input.KeyCode.ENTER);
        assertThat(r.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(2, 5));
        awaitReport(TimeWindow.ofSeconds(2, 5), Horizon.END);
        assertTableShows(robot, reference(TimeWindow.ofSeconds(2, 5), Horizon.END));

        robot.clickOn("#chart");
        robot.interact(() -> r.select(TimeWindow.ofSeconds(2, 5)));
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertThat(r.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(2.1, 5.1));
        awaitReport(TimeWindow.ofSeconds(2.1, 5.1), Horizon.END);
        assertTableShows(robot, reference(TimeWindow.ofSeconds(2.1, 5.1), Horizon.END));
    }

    @Test
    void selectingARowShowsItsStackAndHandles(FxRobot robot) throws Exception {
        RecordingViewModel r = openAndWait(robot, recording);
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        robot.clickOn(robot.lookup("#leak-table .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        LeakRow row = table.getSelectionModel().getSelectedItem();
        assertThat(row).isNotNull();
        assertThat(robot.lookup("#stack-list").queryListView().getItems()).containsExactlyElementsOf(row.group().stack());
        assertThat(robot.lookup("#handle-table").queryTableView().getItems()).containsExactlyElementsOf(row.group().handles());
        assertThat(r.leakTable().copyText()).contains(row.group().stack().get(0).display());
    }

    @Test
    void exportsAnHtmlReportThroughTheDialog(FxRobot robot) throws Exception {
        RecordingViewModel r = openAndWait(robot, recording);
        robot.interact(() -> r.select(TimeWindow.ofSeconds(3, 6)));
        awaitReport(TimeWindow.ofSeconds(3, 6), Horizon.END);
        LeakReport expected = reference(TimeWindow.ofSeconds(3, 6), Horizon.END);

        robot.clickOn("#export-button");
        ComboBox<io.handlespy.ui.source.ReportExporter.ExportChoice> format = robot.lookup("#export-format").queryComboBox();
        robot.interact(() -> format.getSelectionModel().select(format.getItems().stream()
                .filter(c -> c.id().equals("html")).findFirst().orElseThrow()));
        Path out = dir.resolve("report.html");
        TextField output = robot.lookup("#export-output").query();
        robot.interact(() -> output.setText(out.toString()));
        robot.clickOn("#export-start");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(out)
                && !robot.lookup("#export-open-folder").queryButton().isDisabled());

        String html = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg");
        for (LeakGroup g : expected.groups()) {
            assertThat(html).contains(escape(g.stack().get(0).display()));
        }
        assertThat(robot.lookup("#export-state").queryLabeled().getText()).isEqualTo("Wrote " + out);
        robot.clickOn("#export-close");
    }

    @Test
    void aCorruptFileGivesAClearErrorDialogAndKeepsTheOpenRecording(FxRobot robot) throws Exception {
        RecordingViewModel shown = openAndWait(robot, recording);
        Path corrupt = dir.resolve("corrupt.mv.db");
        Files.write(corrupt, "this is not an H2 file, just some text that looks nothing like one".repeat(100)
                .getBytes(StandardCharsets.UTF_8));
        robot.interact(() -> vm.open(corrupt));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".error-dialog").tryQuery().isPresent());

        DialogPane dialog = robot.lookup(".error-dialog").query();
        assertThat(dialog.getHeaderText()).isEqualTo("Cannot open corrupt.mv.db");
        assertThat(dialog.getContentText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(vm.recordingProperty().get()).isSameAs(shown);
        robot.clickOn(robot.lookup(".error-dialog .button").queryButton());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final ProcessSource NO_PROCESSES = new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(); }

        @Override public boolean wineAvailable() { return false; }
    };
}
