package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.cli.HandleSpyCli;
import io.handlespy.session.Symbolizers;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.capture.synthetic.SyntheticModules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import io.handlespy.store.Recording;
import io.handlespy.ui.chart.ChartView;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.view.MainWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private AppDriver app;
    private MainViewModel vm;
    private MainWindow window;

    @BeforeAll
    static void makeRecording() throws Exception {
        recording = SyntheticRecordings.make(dir.resolve("demo.mv.db"), SyntheticConfig.demo(7));
    }

    @Start
    void start(Stage stage) {
        app = AppDriver.build(stage, AppDriver.NO_PROCESSES, AppDriver.NO_OPENER);
        vm = app.vm();
        window = app.window();
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    @AfterAll
    static void noBackgroundThreadsLeft() {
        WaitForAsyncUtils.waitForFxEvents();
    }


    private static LeakReport reference(TimeWindow w, Horizon h) throws Exception {
        try (Recording r = Recording.open(recording)) {
            return new Analysis(r, Symbolizers.forRecording(r.info())).leaks(w, h);
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

    /** What {@code handlespy leaks FILE --from --to --horizon --format json} prints, parsed. */
    private static JsonNode cli(TimeWindow w, Horizon h) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HandleSpyCli.run(new PrintWriter(out), new PrintWriter(err), "leaks", recording.toString(),
                "--from", BigDecimal.valueOf(w.fromNanos(), 9).toPlainString(),
                "--to", BigDecimal.valueOf(w.toNanos(), 9).toPlainString(),
                "--horizon", h == Horizon.END ? "end" : "window", "--format", "json");
        assertThat(exit).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    /** The table's rows, in order, have the CLI's counts, types and innermost frames. */
    private static void assertTableMatchesCli(FxRobot robot, TimeWindow w, Horizon h) throws Exception {
        JsonNode groups = cli(w, h).get("groups");
        List<LeakRow> shown = new ArrayList<>(robot.lookup("#leak-table").<LeakRow>queryTableView().getItems());
        assertThat(shown).hasSize(groups.size());
        for (int i = 0; i < shown.size(); i++) {
            JsonNode g = groups.get(i);
            LeakRow row = shown.get(i);
            assertThat(row.count()).isEqualTo(g.get("count").asInt());
            for (var type : row.group().types().entrySet()) {
                assertThat(g.get("types").get(type.getKey()).asInt()).isEqualTo(type.getValue());
            }
            assertThat(row.group().stack().get(0).function()).isEqualTo(g.get("stack").get(0).get("function").asText());
            assertThat(row.group().handles()).hasSize(g.get("handles").size());
        }
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
        RecordingViewModel r = app.openAndWait(robot, recording);
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
        assertTableMatchesCli(robot, selected, Horizon.END);
        assertThat(end.groups().stream().flatMap(g -> g.stack().stream()).map(f -> f.function()).toList())
                .as("the burst leak at 4 s is in the window").contains(SyntheticModules.BURST_LEAK);
        TextField fromField = robot.lookup("#window-from").query();
        assertThat(fromField.getText()).isEqualTo(io.handlespy.ui.model.Formats.seconds(selected.fromNanos()));

        robot.clickOn("#horizon-window");
        awaitReport(selected, Horizon.WINDOW);
        LeakReport atWindowEnd = reference(selected, Horizon.WINDOW);
        assertTableShows(robot, atWindowEnd);
        assertTableMatchesCli(robot, selected, Horizon.WINDOW);
        assertThat(atWindowEnd.totalLeaked()).isGreaterThan(end.totalLeaked());

        robot.clickOn("#horizon-end");
        awaitReport(selected, Horizon.END);
        assertTableShows(robot, end);
    }

    @Test
    void keyboardNudgingAndTypedBoundsMoveTheWindow(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
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
        RecordingViewModel r = app.openAndWait(robot, recording);
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.from(table).lookup(".table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        LeakRow row = table.getSelectionModel().getSelectedItem();
        assertThat(row).isNotNull();
        assertThat(robot.lookup("#stack-list").queryListView().getItems()).containsExactlyElementsOf(row.group().stack());
        assertThat(robot.lookup("#handle-table").queryTableView().getItems()).containsExactlyElementsOf(row.group().handles());
        assertThat(r.leakTable().copyText()).contains(row.group().stack().get(0).display());
    }

    @Test
    void growthViewRanksTheSteadyLeakFirst(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !r.growth().isEmpty());
        // The tab headers are skin nodes: they exist only after the first layout
        // pulse of the recording view, which the model being ready does not imply.
        java.util.function.Supplier<org.testfx.service.query.NodeQuery> growthTab = () -> robot.lookup(".tab")
                .match(n -> n.lookup(".tab-label") instanceof javafx.scene.control.Labeled l && l.getText().equals("Growth"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> growthTab.get().tryQuery().isPresent());
        robot.clickOn(growthTab.get().queryAs(javafx.scene.Node.class));
        TableView<io.handlespy.ui.model.GrowthRow> growth = robot.lookup("#growth-table").queryTableView();
        assertThat(growth.getItems()).isNotEmpty();
        assertThat(growth.getItems().get(0).entry().stack()).extracting(f -> f.function()).contains(SyntheticModules.POOL_LEAK);
    }

    @Test
    void exportsAnHtmlReportThroughTheDialog(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
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

        robot.clickOn("#export-open-folder");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#export-folder-state").queryLabeled()
                .getText().startsWith("Could not"));
        assertThat(robot.lookup("#export-folder-state").queryLabeled().getText()).isEqualTo("Could not open the folder: "
                + "handlespy-test-no-such-opener is not installed, so nothing can open " + dir.toAbsolutePath());
        robot.clickOn("#export-close");
    }

    @Test
    void aCorruptFileGivesAClearErrorDialogAndKeepsTheOpenRecording(FxRobot robot) throws Exception {
        RecordingViewModel shown = app.openAndWait(robot, recording);
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

    @Test
    void saveAsShowsTheCopyInTheTitleAndInOpenRecentAtOnce(FxRobot robot) throws Exception {
        app.openAndWait(robot, recording);
        for (int i = 0; i < 3; i++) System.gc();
        Path copy = dir.resolve("saved-copy.mv.db");
        robot.interact(() -> vm.saveAs(copy));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.recordingProperty().get().queries().file().equals(copy));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Stage) window.getScene().getWindow()).getTitle()).isEqualTo("saved-copy.mv.db — HandleSpy");
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").query();
        javafx.scene.control.Menu recent = bar.getMenus().get(0).getItems().stream()
            .filter(javafx.scene.control.Menu.class::isInstance).map(javafx.scene.control.Menu.class::cast)
            .findFirst().orElseThrow();
        assertThat(recent.getItems()).extracting(javafx.scene.control.MenuItem::getText)
                .first().asString().startsWith("saved-copy.mv.db  —  ");
    }

    @Test
    void rightClickMenusCopyHandleValuesAndMarkAModuleAsNotMyCode(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        LeakRow pool = table.getItems().stream().filter(row -> row.where().startsWith("libdemo_io.so!")).findFirst()
                .orElseThrow();
        int stackId = pool.group().stackId();
        robot.interact(() -> table.getSelectionModel().select(pool));
        WaitForAsyncUtils.waitForFxEvents();

        contextMenuOn(robot, robot.lookup("#handle-table").queryTableView());
        robot.clickOn("Copy handle values");
        String copied = WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get();
        assertThat(copied).isEqualTo(r.leakTable().handleValuesText()).isNotBlank();

        javafx.scene.Node frame = robot.lookup("#stack-list .list-cell")
                .match(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getText() != null
                        && c.getText().startsWith("libdemo_io.so!")).query();
        contextMenuOn(robot, frame);
        robot.clickOn("libdemo_io.so is not my code");
        WaitForAsyncUtils.waitForFxEvents();
        LeakRow after = table.getItems().stream().filter(row -> row.group().stackId() == stackId).findFirst().orElseThrow();
        assertThat(after.where()).doesNotStartWith("libdemo_io.so!");
        assertThat(new io.handlespy.ui.model.NotMyCode(app.prefs().node("not-my-code")).modules()).containsExactly("libdemo_io.so");
        assertThat(robot.lookup("#source-note").queryLabeled().getText()).endsWith(" is not on this machine");
    }

    /** What a right click asks for; the headless robot's right button does not raise it. */
    private static void contextMenuOn(FxRobot robot, javafx.scene.Node node) {
        javafx.geometry.Bounds b = node.getLayoutBounds();
        Point2D local = new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + Math.min(20, b.getHeight() / 2));
        Point2D screen = node.localToScreen(local);
        robot.interact(() -> node.fireEvent(new javafx.scene.input.ContextMenuEvent(
                javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(), local.getY(), screen.getX(),
                screen.getY(), false, null)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theChartExportsAsPngAndSvgWithTheWindowMarked(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        robot.interact(() -> r.select(TimeWindow.ofSeconds(3, 6)));
        WaitForAsyncUtils.waitForFxEvents();
        ChartView chart = robot.lookup("#chart").query();
        Path svg = dir.resolve("chart.svg");
        Path png = dir.resolve("chart.png");
        robot.interact(() -> {
            window.exportChart(svg);
            window.exportChart(png);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(svg) && Files.exists(png));

        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .contains("<path id=\"tracked\"").contains("<path id=\"tracked-fill\"");
        assertThat(text).containsPattern("<path id=\"os\" d=\"M[^\"]+\" fill=\"none\" stroke=\"#d1590e\" stroke-width=\"2.0\""
                + " stroke-dasharray=\"6 3\"/>");
        double x0 = chart.xOf(3_000_000_000L);
        double x1 = chart.xOf(6_000_000_000L);
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "<rect id=\"window\" x=\"%.1f\"", x0))
                .contains(String.format(java.util.Locale.ROOT, "<line id=\"window-end\" x1=\"%.1f\"", x1));

        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo((int) Math.round(chart.getWidth()));
        assertThat(image.getHeight()).isEqualTo((int) Math.round(chart.getHeight()));
        int top = (int) io.handlespy.ui.chart.ChartRenderer.TOP + 2;
        int inside = image.getRGB((int) ((x0 + x1) / 2), top) & 0xffffff;
        int outside = image.getRGB((int) (x1 + (chart.getWidth() - x1) / 2), top) & 0xffffff;
        assertThat(inside).as("the window is tinted").isNotEqualTo(outside);
        assertThat(outside).isEqualTo(0xffffff);
    }

    @Test
    void compareTabSetsTwoWindowsSideBySideByCreateStack(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        java.util.function.Supplier<org.testfx.service.query.NodeQuery> compareTab = () -> robot.lookup(".tab")
                .match(n -> n.lookup(".tab-label") instanceof javafx.scene.control.Labeled l && l.getText().equals("Compare"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> compareTab.get().tryQuery().isPresent());
        robot.clickOn(compareTab.get().queryAs(javafx.scene.Node.class));
        robot.interact(() -> r.select(TimeWindow.ofSeconds(1, 3)));
        robot.clickOn("#compare-set-a");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#compare-a").queryLabeled().getText()
                .endsWith(" leaked"));
        robot.interact(() -> r.select(TimeWindow.ofSeconds(3.5, 6)));
        robot.clickOn("#compare-window");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#compare-b").queryLabeled().getText()
                .endsWith(" leaked"));
        List<io.handlespy.ui.model.LeakComparison.Row> expected = io.handlespy.ui.model.LeakComparison.compare(
                reference(TimeWindow.ofSeconds(1, 3), Horizon.END), reference(TimeWindow.ofSeconds(3.5, 6), Horizon.END));
        TableView<io.handlespy.ui.model.LeakComparison.Row> table = robot.lookup("#compare-table").queryTableView();
        assertThat(table.getItems()).containsExactlyElementsOf(expected);
        assertThat(expected).extracting(io.handlespy.ui.model.LeakComparison.Row::change)
                .as("the burst at 4 s is new in B").contains(io.handlespy.ui.model.LeakComparison.Change.NEW);
    }

    @Test
    void theChartShowsOnlyTheSelectedStacksLiveCountWhenAsked(FxRobot robot) throws Exception {
        RecordingViewModel r = app.openAndWait(robot, recording);
        assertThat(robot.lookup("#stack-only").queryAs(javafx.scene.control.ToggleButton.class).isDisabled()).isTrue();
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        LeakRow pool = table.getItems().stream().filter(row -> row.where().startsWith("libdemo_io.so!")).findFirst()
                .orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(pool));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> r.stackLiveProperty().get() != null);
        robot.clickOn("#stack-only");
        List<io.handlespy.analysis.SeriesPoint> expected;
        try (Recording rec = Recording.open(recording)) {
            expected = rec.stackLive().stream().filter(s -> s.stackId() == pool.group().stackId())
                    .map(s -> new io.handlespy.analysis.SeriesPoint(s.timeNanos(), s.live(), s.live())).toList();
        }
        assertThat(expected).isNotEmpty();
        assertThat(r.stackLiveProperty().get()).isEqualTo(expected);
        assertThat(r.stackOnlySeries().orElseThrow().tracked()).endsWith(expected.getLast());
        assertThat(robot.lookup(".title-4").queryLabeled().getText()).isEqualTo("Live handles of the selected stack");
        robot.clickOn("#stack-only");
        assertThat(r.stackOnlySeries()).isEmpty();
    }

    @Test
    void aFilterThatHidesEveryRowSaysSo(FxRobot robot) throws Exception {
        app.openAndWait(robot, recording);
        robot.clickOn("#leak-filter").write("no-such-frame-anywhere");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#leak-table").queryTableView().getItems()).isEmpty();
        assertThat(robot.lookup("#leak-placeholder").queryLabeled().getText()).startsWith("All ")
                .endsWith(" hidden by the filter \u201cno-such-frame-anywhere\u201d");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
