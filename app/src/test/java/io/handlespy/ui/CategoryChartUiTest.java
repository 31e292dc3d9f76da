package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import io.handlespy.store.TestRecordings;
import io.handlespy.ui.chart.ChartRenderer;
import io.handlespy.ui.chart.ChartSvg;
import io.handlespy.ui.chart.ChartView;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.chart.ChartPalette;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
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
 * The chart's kernel/GDI/USER lines (with the counts Windows reports, dashed, the
 * quota warning, and the OS handle count compared with the kernel line), its split per type, and the leak table's category column and
 * dropdown (and the growth view's), on a Windows recording of 9,500 leaked brushes, 100
 * windows and 50 events created steadily side by side.
 */
@ExtendWith(ApplicationExtension.class)
class CategoryChartUiTest {
    private static final int EVENT = 2, BRUSH = 131, WINDOW = 160;
    @TempDir static Path dir;
    private static Path recording;

    private AppDriver app;
    private MainViewModel vm;

    @BeforeAll
    static void makeRecording() throws Exception {
        List<Frame> f = new ArrayList<>();
        f.add(new Frame.Hello(1, Frame.Hello.OS_WINDOWS, Frame.Hello.ARCH_X64, 77, 1_000_000_000L, 1000,
            1_700_000_000_000_000_000L, "C:\\app.exe"));
        f.add(new Frame.Define(Frame.Define.TYPE, EVENT, "Event"));
        f.add(new Frame.Define(Frame.Define.TYPE, BRUSH, "Brush"));
        f.add(new Frame.Define(Frame.Define.TYPE, WINDOW, "Window"));
        for (int s = 1; s <= 3; s++) f.add(new Frame.Stack(s, new long[] {0x1000L * s}));
        // all three grow steadily over the whole recording, so the growth view ranks them too
        long t = 1000;
        for (int i = 0; i < 9_500; i++) {
            f.add(new Frame.Create(t += 100_000, 0x1_0000_0000L | (4L * i + 4), 1, 1, BRUSH, 1, ""));
            if (i % 95 == 0) f.add(new Frame.Create(t += 1, 0x2_0000_0000L | (4L * i + 4), 1, 2, WINDOW, 2, ""));
            if (i % 190 == 0) f.add(new Frame.Create(t += 1, 4L * i + 4, 1, 3, EVENT, 3, ""));
        }
        // Windows' handle count leaves GDI and USER objects out: it agrees with the 50 events
        f.add(new Frame.Sample(t += 1_000_000, 50, 9_600, 110));
        f.add(new Frame.Sample(t += 1_000_000, 50, 9_600, 110));
        f.add(new Frame.Goodbye(t + 1_000_000, Frame.Goodbye.TARGET_EXIT, "exit code 0"));
        recording = TestRecordings.record(dir.resolve("gdi.mv.db"), f);
    }

    @Start
    void start(Stage stage) {
        app = AppDriver.build(stage, AppDriver.NO_PROCESSES, AppDriver.NO_OPENER);
        vm = app.vm();
        stage.setWidth(1100);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        app.close();
    }

    private RecordingViewModel open(FxRobot robot) throws Exception {
        app.openAndWait(robot, recording);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#leak-table").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return vm.recordingProperty().get();
    }

    private static List<String> legend(FxRobot robot) {
        ChartView chart = robot.lookup("#chart").query();
        List<String> out = new ArrayList<>();
        robot.interact(() -> {
            chart.redraw();
            out.addAll(chart.legend());
        });
        return out;
    }

    @Test
    void theChartDrawsKernelGdiAndUserLinesWithWindowsCountsAndWarnsNearTheQuota(FxRobot robot) throws Exception {
        open(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !legend(robot).isEmpty());
        assertThat(legend(robot)).containsExactly("Kernel", "GDI", "USER", "GDI (Windows), dashed", "USER (Windows), dashed");
        assertThat(robot.lookup("#os-divergence").queryLabeled().getText()).isEqualTo("OS count agrees");

        ChartView chart = robot.lookup("#chart").query();
        String[] svg = new String[1];
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> {
            svg[0] = ChartSvg.render(chart.exportScene(), 900, 300, ChartPalette.light());
            image[0] = chart.snapshot(null, null);
        });
        assertThat(svg[0]).contains("id=\"line-kernel\"", "id=\"line-gdi\"", "id=\"line-user\"",
            "id=\"line-gdi-windows\"", "id=\"line-user-windows\"", "id=\"quota\"",
            "\u26a0 GDI (Windows) at 9,600: near the quota of 10,000");
        // the legend's GDI swatch, second row, in the GDI line's colour
        int x = (int) (ChartRenderer.LEFT + 8 + 15);
        int y = (int) (ChartRenderer.TOP + 6 + 4 + 15 + 7.5);
        assertThat(image[0].getPixelReader().getColor(x, y)).satisfies(c -> assertThat(distance(c, Color.web("#cf222e")))
            .isLessThan(0.1));
    }

    @Test
    void byTypeSplitsTheCountPerHandleType(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("#split-by-type");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> legend(robot).equals(List.of("Brush", "Window", "Event")));
        assertThat(robot.lookup("#split-by-type").queryAs(ToggleButton.class).isSelected()).isTrue();
        robot.clickOn("#split-by-type");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> legend(robot).getFirst().equals("Kernel"));
    }

    @Test
    void theCategoryDropdownKeepsOneCategoryAndTheColumnNamesIt(FxRobot robot) throws Exception {
        open(robot);
        TableView<LeakRow> table = robot.lookup("#leak-table").queryTableView();
        @SuppressWarnings("unchecked")
        ComboBox<String> category = robot.lookup("#leak-category").queryAs(ComboBox.class);
        assertThat(category.getItems()).containsExactly("All categories", "Kernel", "GDI", "USER");
        assertThat(rows(table)).containsExactly("9500 Brush GDI", "100 Window USER", "50 Event Kernel");
        robot.interact(() -> category.setValue("GDI"));
        assertThat(rows(table)).containsExactly("9500 Brush GDI");
        robot.interact(() -> category.setValue("USER"));
        assertThat(rows(table)).containsExactly("100 Window USER");
        robot.interact(() -> category.setValue("Kernel"));
        assertThat(rows(table)).containsExactly("50 Event Kernel");
        robot.interact(() -> category.setValue("All categories"));
        assertThat(rows(table)).hasSize(3);
    }

    @Test
    void theGrowthViewHasACategoryColumnAndDropdown(FxRobot robot) throws Exception {
        RecordingViewModel r = open(robot);
        robot.clickOn("Growth");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> r.growth().size() == 3);
        TableView<io.handlespy.ui.model.GrowthRow> table = robot.lookup("#growth-table").queryTableView();
        @SuppressWarnings("unchecked")
        ComboBox<String> category = robot.lookup("#growth-category").queryAs(ComboBox.class);
        assertThat(categories(table)).containsExactlyInAnyOrder("GDI", "USER", "Kernel");
        robot.interact(() -> category.setValue("GDI"));
        assertThat(categories(table)).containsExactly("GDI");
        assertThat(table.getItems().getFirst().entry().liveAtEnd()).isEqualTo(9_500);
        robot.interact(() -> category.setValue("USER"));
        assertThat(categories(table)).containsExactly("USER");
        assertThat(table.getItems().getFirst().entry().liveAtEnd()).isEqualTo(100);
        robot.interact(() -> category.setValue("All categories"));
        assertThat(categories(table)).hasSize(3);
    }

    private static List<String> categories(TableView<io.handlespy.ui.model.GrowthRow> table) {
        WaitForAsyncUtils.waitForFxEvents();
        TableColumn<io.handlespy.ui.model.GrowthRow, ?> kind = table.getColumns().stream()
            .filter(c -> c.getText().equals("Category")).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < table.getItems().size(); i++) out.add(String.valueOf(kind.getCellData(i)));
        return out;
    }

    /** Each row as "Leaked Types Category", read through the table's columns as shown. */
    private static List<String> rows(TableView<LeakRow> table) {
        WaitForAsyncUtils.waitForFxEvents();
        TableColumn<LeakRow, ?> count = column(table, "Leaked"), types = column(table, "Types"), kind = column(table, "Category");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < table.getItems().size(); i++) {
            out.add(count.getCellData(i) + " " + types.getCellData(i) + " " + kind.getCellData(i));
        }
        return out;
    }

    private static TableColumn<LeakRow, ?> column(TableView<LeakRow> table, String title) {
        return table.getColumns().stream().filter(c -> c.getText().equals(title)).findFirst().orElseThrow();
    }

    private static double distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
    }

}
