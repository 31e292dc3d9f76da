package io.handlespy.ui;

import io.handlespy.analysis.UserFrames;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.source.LaunchSpec;
import io.handlespy.ui.source.ProcessEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
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
 * The desktop app recording a real Linux program through the real agent: launch
 * {@code fdleak} (which leaks a known number of descriptors from named functions
 * and exits), watch the capture end on its own, and find exactly those leaks in
 * the leak table, attributed to the user's functions.
 */
@ExtendWith(ApplicationExtension.class)
class LiveCaptureUiTest {
    private static final Path FDLEAK = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"),
            "linux-x86_64", "fdleak");

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

    /** "function count" lines from {@code fdleak --expect}. */
    private static Map<String, Integer> expected() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(FDLEAK.toString(), "--expect").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, Integer> m = new TreeMap<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            m.put(f[0], Integer.parseInt(f[1]));
        }
        return m;
    }

    @Test
    void launchesRecordsUntilTheTargetExitsAndShowsItsLeaksByFunction(FxRobot robot) throws Exception {
        assertThat(FDLEAK).isExecutable();
        Path out = dir.resolve("fdleak.mv.db");
        robot.interact(() -> vm.launch(new LaunchSpec(FDLEAK.toString(), List.of(), dir, false), out));

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.capturingProperty().get()
                && "Target exited".equals(vm.status().stateProperty().get()));
        RecordingViewModel r = vm.recordingProperty().get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            LeakReport report = r.leakTable().reportProperty().get();
            return report != null && report.window().equals(r.wholeProperty().get()) && report.horizon() == Horizon.END
                    && r.infoProperty().get().status().equals("complete");
        });
        WaitForAsyncUtils.waitForFxEvents();

        List<LeakRow> rows = robot.lookup("#leak-table").<LeakRow>queryTableView().getItems();
        Map<String, Integer> byFunction = new LinkedHashMap<>();
        for (LeakRow row : rows) {
            String fn = UserFrames.innermostUser(row.group().stack()).function();
            if (fn != null && fn.startsWith("leak_")) byFunction.merge(fn, row.count(), Integer::sum);
        }
        assertThat(new TreeMap<>(byFunction)).isEqualTo(expected());
        assertThat(rows).allSatisfy(row -> assertThat(row.where()).doesNotStartWith("libc").doesNotStartWith("libhandlespy"));
        assertThat(vm.status().liveProperty().get()).endsWith(" live");
        assertThat(vm.recent().files()).containsExactly(out.toAbsolutePath().normalize());
        assertThat(Files.exists(out)).isTrue();

        LeakRow first = rows.get(0);
        robot.interact(() -> r.leakTable().selectedProperty().set(first));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TableView<io.handlespy.analysis.LeakedHandle> handles =
                robot.lookup("#handle-table").queryTableView();
        assertThat(handles.getColumns().get(0).getCellData(0))
                .as("a Linux descriptor reads in decimal").isEqualTo(Long.toString(first.group().handles().get(0).value()));
        assertThat(r.leakTable().copyText()).doesNotContain("0x");

        io.handlespy.analysis.TimeWindow whole = r.wholeProperty().get();
        io.handlespy.analysis.TimeWindow half = new io.handlespy.analysis.TimeWindow(whole.fromNanos(),
                whole.fromNanos() + whole.lengthNanos() / 2);
        robot.interact(() -> {
            r.select(half);
            r.horizonProperty().set(Horizon.WINDOW);
        });
        robot.interact(() -> vm.open(out));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != r);
        assertThat(vm.recordingProperty().get().selectionProperty().get())
                .as("a recording made in the app reopens with the window it was left with").isEqualTo(half);
        assertThat(vm.recordingProperty().get().horizonProperty().get()).isEqualTo(Horizon.WINDOW);
    }

    @Test
    void attachingToAProcessThatIsGoneSaysSoInADialogAndLeavesNoFile(FxRobot robot) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = dir.resolve("gone.mv.db");
        ProcessEntry entry = new ProcessEntry(gone.pid(), "true", "x64", "root", -1, "true", false);
        robot.interact(() -> vm.attach(entry, out));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup(".error-dialog").tryQuery().isPresent());

        DialogPane dialog = robot.lookup(".error-dialog").query();
        assertThat(dialog.getHeaderText()).isEqualTo("Cannot record true (" + gone.pid() + ")");
        assertThat(dialog.getContentText()).contains(Long.toString(gone.pid())).doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(vm.recordingProperty().get()).isNull();
        assertThat(vm.capturingProperty().get()).isFalse();
        assertThat(vm.status().stateProperty().get()).isEqualTo("No recording");
        assertThat(Files.exists(out)).isFalse();
        robot.clickOn(robot.lookup(".error-dialog .button").queryButton());
    }
}
