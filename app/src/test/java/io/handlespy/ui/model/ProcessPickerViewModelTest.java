package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.task.QueuedBackground;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Enter in the picker attaches to. */
class ProcessPickerViewModelTest {
    private static final ProcessEntry EDITOR = new ProcessEntry(400, "editor", "x64", "me", 12, "editor a.txt", false);
    private static final ProcessEntry SERVER = new ProcessEntry(500, "server", "x64", "me", 40, "server --port 1", false);
    private static final ProcessEntry SSHD = new ProcessEntry(600, "sshd", "x64", "root", -1, "sshd", false,
            "owned by root: only your own processes can be recorded (or run HandleSpy as root)");

    private final QueuedBackground background = new QueuedBackground();
    private final ProcessPickerViewModel vm = new ProcessPickerViewModel(new ProcessSource() {
        @Override public List<ProcessEntry> list(boolean wine) { return List.of(EDITOR, SERVER, SSHD); }

        @Override public boolean wineAvailable() { return false; }
    }, background);

    @Test
    void enterAttachesTheSelectionTheOnlyMatchOrATypedPid() throws Exception {
        vm.refresh();
        background.runAll();
        assertThat(vm.target()).isEmpty();
        vm.searchProperty().set("serv");
        assertThat(vm.target()).contains(SERVER);
        vm.searchProperty().set("400");
        assertThat(vm.target()).contains(EDITOR);
        vm.searchProperty().set("4242");
        assertThat(vm.target()).hasValueSatisfying(p -> {
            assertThat(p.pid()).isEqualTo(4242);
            assertThat(p.traceable()).isTrue();
        });
        vm.searchProperty().set("");
        vm.selectedProperty().set(EDITOR);
        assertThat(vm.target()).contains(EDITOR);
    }

    @Test
    void aProcessThatCannotBeTracedIsNeverTheTargetAndSaysWhy() throws Exception {
        vm.refresh();
        background.runAll();
        vm.searchProperty().set("sshd");
        assertThat(vm.target()).isEmpty();
        vm.searchProperty().set("600");
        assertThat(vm.target()).isEmpty();
        vm.selectedProperty().set(SSHD);
        assertThat(vm.target()).isEmpty();
        assertThat(vm.selectedProblem()).startsWith("owned by root");
    }
}
