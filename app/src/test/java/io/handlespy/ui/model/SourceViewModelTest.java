package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.StackFrame;
import io.handlespy.ui.task.QueuedBackground;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceViewModelTest {
    @TempDir Path dir;
    private final QueuedBackground background = new QueuedBackground();
    private final SourceViewModel vm = new SourceViewModel(background);

    @Test
    void showsTheLinesAroundTheFramesLineWhenTheFileIsHere() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 100; i++) lines.add("line " + i);
        Path c = Files.write(dir.resolve("config.c"), lines);
        vm.show(new StackFrame(0x401234, "/srv/app/leaky", 0x1234, "load_config", c.toString(), 42));
        background.runAll();
        assertThat(vm.lines()).hasSize(2 * SourceViewModel.CONTEXT + 1);
        assertThat(vm.lines().get(0)).isEqualTo("   30  line 30");
        assertThat(vm.lines().get(vm.highlightedProperty().get())).isEqualTo("   42  line 42");
        assertThat(vm.noteProperty().get()).isEqualTo(c + ":42");
        assertThat(vm.fileProperty().get()).isEqualTo(c);

        vm.show(new StackFrame(0x401234, "/srv/app/leaky", 0x1234, "first", c.toString(), 3));
        background.runAll();
        assertThat(vm.lines().get(0)).isEqualTo("    1  line 1");
        assertThat(vm.highlightedProperty().get()).isEqualTo(2);
    }

    @Test
    void saysWhyNoSourceIsShown() throws Exception {
        vm.show(new StackFrame(0x401234, "/srv/app/leaky", 0x1234, "load_config", dir.resolve("gone.c").toString(), 42));
        background.runAll();
        assertThat(vm.lines()).isEmpty();
        assertThat(vm.noteProperty().get()).isEqualTo(dir.resolve("gone.c") + " is not on this machine");
        assertThat(vm.fileProperty().get()).isNull();
        vm.show(new StackFrame(0x401234, "/srv/app/leaky", 0x1234, null, null, 0));
        assertThat(vm.noteProperty().get()).isEqualTo("No source line is known for leaky+0x1234");
    }
}
