package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.ui.task.QueuedBackground;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's suppression rules reach the recording shown: its first leak query already
 * applies them, a change of rules re-runs it, and a recording replaced by another (its
 * file closed) never queries again.
 */
class SuppressionsFollowTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/follow/" + System.nanoTime());
    private final QueuedBackground background = new QueuedBackground();

    @AfterEach
    void removePrefs() throws Exception {
        prefs.removeNode();
    }

    /** Samples' file group is created by leaky!load_config. */
    private static SuppressionSet hidingConfig() {
        return new SuppressionSet(List.of(new SuppressionRule("config", "read once", null, "load_config", null,
                List.of(), "rules.toml")));
    }

    @Test
    void theShownRecordingFollowsTheRulesAndAReplacedOneStopsQuerying() {
        CannedQueries first = new CannedQueries(TimeWindow.ofSeconds(0, 10));
        CannedQueries second = new CannedQueries(TimeWindow.ofSeconds(0, 10));
        MainViewModel vm = new MainViewModel(background, f -> f.endsWith("first.mv.db") ? first : second,
                Optional.empty(), new RecentFiles(prefs), new ViewStates(prefs.node("views")));
        vm.suppressionsProperty().set(hidingConfig());
        vm.open(Path.of("/tmp/first.mv.db"));
        background.runAll();
        LeakTableViewModel table = vm.recordingProperty().get().leakTable();
        assertThat(first.leakQueries).hasSize(1);
        assertThat(table.reportProperty().get().groups()).noneMatch(g -> g.stackId() == Samples.fileGroup().stackId());
        assertThat(table.hiddenProperty().get()).isEqualTo(Samples.fileGroup().count() + " handles hidden by 1 rule");

        vm.suppressionsProperty().set(new SuppressionSet(List.of()));
        background.runAll();
        assertThat(first.leakQueries).hasSize(2);
        assertThat(table.hiddenProperty().get()).isEmpty();

        vm.open(Path.of("/tmp/second.mv.db"));
        background.runAll();
        vm.suppressionsProperty().set(hidingConfig());
        background.runAll();
        assertThat(first.closed).isTrue();
        assertThat(first.leakQueries).as("the closed recording is not asked again").hasSize(2);
        assertThat(second.leakQueries).extracting(CannedQueries.LeakQuery::horizon).containsExactly(Horizon.END, Horizon.END);
    }
}
