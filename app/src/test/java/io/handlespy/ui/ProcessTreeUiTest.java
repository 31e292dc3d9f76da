package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.cli.CliRun;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
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
 * A recording of a process tree (record --follow-children over a shell pipeline
 * running forkleak: a parent and three forked workers leaking 1, 2 and 3 eventfds)
 * in the leak table: a Process column says which process leaked each row, and the
 * filter word pid:N keeps one process's rows. A recording of one process has no
 * Process column.
 */
@ExtendWith(ApplicationExtension.class)
class ProcessTreeUiTest {
    private static final ProcessSource NO_PROCESSES = new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(); }

        @Override public boolean wineAvailable() { return false; }
    };

    @TempDir static Path dir;
    private static Path tree, single;

    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/treetest/" + System.nanoTime());
    private FxBackground background;
    private MainViewModel vm;

    @BeforeAll
    static void makeRecordings() throws Exception {
        Path forkleak = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"), "linux-x86_64",
            "forkleak");
        tree = dir.resolve("tree.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", tree.toString(), "--", "/bin/sh", "-c",
            forkleak + " >/dev/null | /bin/cat");
        assertThat(record.exitCode()).as(record.err()).isZero();
        single = SyntheticRecordings.make(dir.resolve("demo.mv.db"), SyntheticConfig.demo(7));
    }

    @Start
    void start(Stage stage) {
        background = new FxBackground(2);
        vm = new MainViewModel(background, AnalysisQueries::open, Optional.empty(), new RecentFiles(prefs.node("recent")),
                new ViewStates(prefs.node("views")));
        MainStage.build(stage, vm, NO_PROCESSES, new ExportAdapter(), prefs, uri -> { });
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.close();
        prefs.removeNode();
    }

    private TableView<LeakRow> open(FxRobot robot, Path recording) throws Exception {
        robot.interact(() -> vm.open(recording));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.recordingProperty().get() != null
                && vm.recordingProperty().get().leakTable().reportProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#leak-table").queryTableView();
    }

    @SuppressWarnings("unchecked")
    private static TableColumn<LeakRow, Long> processColumn(TableView<LeakRow> table) {
        return (TableColumn<LeakRow, Long>) table.getColumns().stream().filter(c -> "leak-process".equals(c.getId()))
            .findFirst().orElseThrow();
    }

    @Test
    void theProcessColumnShowsWhichProcessLeakedAndThePidFilterNarrowsTheTable(FxRobot robot) throws Exception {
        TableView<LeakRow> table = open(robot, tree);
        TableColumn<LeakRow, Long> process = processColumn(table);

        assertThat(process.isVisible()).isTrue();
        assertThat(table.getItems()).hasSize(4);
        List<Long> pids = new ArrayList<>();
        long workerOfThree = 0;
        for (int i = 0; i < table.getItems().size(); i++) {
            long pid = process.getCellData(i);
            pids.add(pid);
            if (table.getItems().get(i).count() == 3) workerOfThree = pid;
        }
        assertThat(pids).doesNotContain(0L).doesNotHaveDuplicates();
        assertThat(workerOfThree).isPositive();

        robot.clickOn("#leak-filter").write(LeakRow.PROCESS_WORD + workerOfThree);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getItems()).hasSize(1);
        assertThat(table.getItems().getFirst().count()).isEqualTo(3);
        assertThat(process.getCellData(0)).isEqualTo(workerOfThree);
        assertThat(table.getItems().getFirst().where()).contains("leak_in_worker");
    }

    @Test
    void aRecordingOfOneProcessHasNoProcessColumn(FxRobot robot) throws Exception {
        TableView<LeakRow> table = open(robot, single);

        assertThat(table.getItems()).isNotEmpty();
        assertThat(processColumn(table).isVisible()).isFalse();
    }
}
