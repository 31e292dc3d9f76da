package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.task.QueuedBackground;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The picker's Wine prefix: Windows processes are listed for the chosen prefix, a
 * list that arrives for a prefix no longer chosen is dropped, and a typed PID is
 * attached in the chosen prefix.
 */
class ProcessPickerPrefixTest {
    private static final Path FIRST = Path.of("/home/me/.wine"), SECOND = Path.of("/home/me/.wine-office");

    private final QueuedBackground background = new QueuedBackground();
    private final List<String> asked = new ArrayList<>();
    private final ProcessPickerViewModel vm = new ProcessPickerViewModel(new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return list(wine, null); }

        @Override public List<ProcessEntry> list(boolean wine, Path prefix) {
            asked.add(wine + " " + prefix);
            if (!wine) return List.of(new ProcessEntry(4000, "bash", "x64", "me", 4, "bash", false));
            String name = prefix.equals(SECOND) ? "winword.exe" : "notepad.exe";
            return List.of(new ProcessEntry(32, name, "x64", "me", 20, name, true, null, prefix));
        }

        @Override public boolean wineAvailable() { return true; }
    }, background);

    @Test
    void windowsProcessesAreListedForTheChosenPrefixOnly() {
        vm.winePrefixProperty().set(FIRST);
        vm.wineProperty().set(true);
        background.runAll();
        assertThat(vm.rows()).extracting(ProcessEntry::name).containsExactly("notepad.exe");

        vm.winePrefixProperty().set(SECOND);
        background.runAll();

        assertThat(vm.rows()).extracting(ProcessEntry::name).containsExactly("winword.exe");
        assertThat(vm.rows()).extracting(ProcessEntry::winePrefix).containsExactly(SECOND);
        assertThat(asked).containsExactly("true " + FIRST, "true " + SECOND);
        assertThat(vm.knownPrefixes()).contains(FIRST, SECOND);
    }

    @Test
    void aListForAPrefixNoLongerChosenIsDropped() {
        vm.winePrefixProperty().set(FIRST);
        vm.wineProperty().set(true);
        vm.winePrefixProperty().set(SECOND);
        background.runOne();
        assertThat(vm.rows()).as("the list of the first prefix arrived late").isEmpty();
        background.runAll();
        assertThat(vm.rows()).extracting(ProcessEntry::name).containsExactly("winword.exe");
    }

    @Test
    void aTypedPidIsAttachedInTheChosenPrefix() {
        vm.winePrefixProperty().set(SECOND);
        vm.wineProperty().set(true);
        background.runAll();
        vm.searchProperty().set("77");
        assertThat(vm.target()).hasValueSatisfying(p -> {
            assertThat(p.wine()).isTrue();
            assertThat(p.winePrefix()).isEqualTo(SECOND);
        });
    }
}
