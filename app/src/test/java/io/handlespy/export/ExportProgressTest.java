package io.handlespy.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every format reports each group and stops between groups when cancelled. */
class ExportProgressTest {
    @Test
    void everyFormatReportsEachGroup() throws Exception {
        for (ExportFormat f : ExportFormat.values()) {
            List<String> calls = new ArrayList<>();
            ExportProgress p = new ExportProgress((done, total) -> calls.add(done + "/" + total), () -> false);
            f.exporter().write(Fixtures.INPUT, new ByteArrayOutputStream(), p);
            assertThat(calls).as(f.name()).containsExactly("1/2", "2/2");
        }
    }

    @Test
    void everyFormatStopsBetweenGroupsWhenCancelled() {
        for (ExportFormat f : ExportFormat.values()) {
            List<String> calls = new ArrayList<>();
            ExportProgress p = new ExportProgress((done, total) -> calls.add(done + "/" + total), () -> !calls.isEmpty());
            assertThatThrownBy(() -> f.exporter().write(Fixtures.INPUT, new ByteArrayOutputStream(), p))
                .as(f.name())
                .isInstanceOf(ExportCancelledException.class)
                .hasMessage("export cancelled after 1 of 2 groups");
            assertThat(calls).as(f.name()).containsExactly("1/2");
        }
    }
}
