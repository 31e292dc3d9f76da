package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.ui.task.QueuedBackground;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's suppression rules: built-in switch, files in order, bad files named, all kept in preferences. */
class SuppressionsViewModelTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/suppressvm/" + System.nanoTime());
    private final QueuedBackground background = new QueuedBackground();
    @TempDir Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        prefs.removeNode();
    }

    private static final String RULE = "[[suppress]]\nname = \"cache\"\nreason = \"kept on purpose\"\nfunction = \"load_*\"\n";

    @Test
    void theBuiltInRulesApplyAtOnceAndCanBeSwitchedOff() {
        SuppressionsViewModel vm = new SuppressionsViewModel(prefs, background);
        assertThat(background.pending()).as("no file to read: no background work").isZero();
        assertThat(vm.rulesProperty().get().rules()).isEqualTo(SuppressionFile.defaults());

        vm.builtInProperty().set(false);

        assertThat(vm.rulesProperty().get().rules()).isEmpty();
        assertThat(new SuppressionsViewModel(prefs, background).builtInProperty().get()).as("remembered").isFalse();
    }

    @Test
    void filesApplyBeforeTheBuiltInRulesAndAreRemembered() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.toml"), RULE);
        SuppressionsViewModel vm = new SuppressionsViewModel(prefs, background);
        vm.addFile(file);
        background.runAll();

        assertThat(vm.rulesProperty().get().rules()).extracting(SuppressionRule::name).first().isEqualTo("cache");
        assertThat(vm.rulesProperty().get().rules()).hasSize(1 + SuppressionFile.defaults().size());
        assertThat(vm.problemProperty().get()).isEmpty();
        SuppressionsViewModel again = new SuppressionsViewModel(prefs, background);
        background.runAll();
        assertThat(again.files()).containsExactly(file);
        assertThat(again.rulesProperty().get().rules()).extracting(SuppressionRule::name).first().isEqualTo("cache");
    }

    @Test
    void anUnreadableFileIsNamedAndTheOthersStillApply() throws Exception {
        Path good = Files.writeString(dir.resolve("good.toml"), RULE);
        Path bad = Files.writeString(dir.resolve("bad.toml"), "[[suppress]]\nmodul = \"x\"\nreason = \"r\"\n");
        SuppressionsViewModel vm = new SuppressionsViewModel(prefs, background);
        vm.builtInProperty().set(false);
        vm.addFile(bad);
        background.runAll();
        vm.addFile(good);
        background.runAll();

        assertThat(vm.rulesProperty().get().rules()).extracting(SuppressionRule::name).containsExactly("cache");
        assertThat(vm.problemProperty().get()).isEqualTo(bad + ", rule 1: unknown key 'modul' "
                + "(known: name, reason, module, function, type, stack)");
    }

    @Test
    void aRuleFromARowIsAppendedToItsFileWhichThenApplies() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.toml"), RULE);
        SuppressionsViewModel vm = new SuppressionsViewModel(prefs, background);
        vm.builtInProperty().set(false);
        SuppressionRule rule = new SuppressionRule("accepted open_pipe", "the host keeps one", null, null, "pipe",
                List.of("host!open_pipe"), "leak table");

        vm.appendRule(rule, file);
        background.runAll();

        assertThat(Files.readString(file)).isEqualTo(RULE + "\n" + SuppressionFile.format(rule));
        assertThat(vm.files()).containsExactly(file);
        assertThat(vm.rulesProperty().get().rules()).extracting(SuppressionRule::name)
                .containsExactly("cache", "accepted open_pipe");
    }
}
