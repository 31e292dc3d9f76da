package io.handlespy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.NativeLocator;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.CaptureProcessSource;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The process picker lists this machine's real processes and finds one by PID. */
@ExtendWith(ApplicationExtension.class)
class ProcessPickerUiTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/pickertest/" + System.nanoTime());
    private FxBackground background;

    @Start
    void start(Stage stage) {
        background = new FxBackground(2);
        MainViewModel vm = new MainViewModel(background, AnalysisQueries::open, Optional.empty(),
                new RecentFiles(prefs.node("recent")),
                new ViewStates(prefs.node("views")));
        MainStage.build(stage, vm, new CaptureProcessSource(NativeLocator.fromEnvironment()), new ExportAdapter(), prefs,
                uri -> { });
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        background.close();
        prefs.removeNode();
    }

    @Test
    void listsRealProcessesButNotHandleSpyItselfAndSearchFindsOneByPid(FxRobot robot) throws Exception {
        robot.clickOn("#record-button");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#process-table").tryQuery().isPresent()
                && robot.lookup("#process-table").<ProcessEntry>queryTableView().getItems().size() > 1);
        TableView<ProcessEntry> table = robot.lookup("#process-table").queryTableView();
        long self = ProcessHandle.current().pid();
        assertThat(table.getItems()).extracting(ProcessEntry::pid).contains(1L).doesNotContain(self, 2L);
        assertThat(robot.lookup("#process-attach").queryButton().isDisabled()).isTrue();

        ProcessHandle init = ProcessHandle.of(1).orElseThrow();
        robot.clickOn("#process-search").write("1");
        WaitForAsyncUtils.waitForFxEvents();
        ProcessEntry first = table.getItems().stream().filter(p -> p.pid() == 1).findFirst().orElseThrow();
        assertThat(first.user()).isEqualTo(init.info().user().orElseThrow());
        assertThat(table.getItems()).allSatisfy(p -> assertThat(p.pid() + " " + p.name() + " " + p.user() + " "
                + p.commandLine()).contains("1"));

        robot.interact(() -> table.getSelectionModel().select(first));
        assertThat(robot.lookup("#process-attach").queryButton().isDisabled()).isFalse();
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
    }
}
