package io.handlespy.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {
    @TempDir Path dir;

    private long filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void completedExportReplacesTheTargetWithTheFullDocument() throws Exception {
        Path target = dir.resolve("leaks.folded");
        Files.writeString(target, "old");
        ExportFiles.write(target, ExportFormat.FOLDED, Fixtures.INPUT, ExportProgress.NONE);
        assertThat(Files.readString(target)).isEqualTo(Fixtures.export(ExportFormat.FOLDED, Fixtures.INPUT));
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void cancelledExportLeavesNoPartialFileAndKeepsTheOldOne() throws Exception {
        Path target = dir.resolve("leaks.html");
        Files.writeString(target, "old");
        int[] groups = {0};
        ExportProgress cancelAfterOne = new ExportProgress((done, total) -> groups[0] = done, () -> groups[0] >= 1);
        assertThatThrownBy(() -> ExportFiles.write(target, ExportFormat.HTML, Fixtures.INPUT, cancelAfterOne))
            .isInstanceOf(ExportCancelledException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void chartlessInputHasAnEmptySeriesOverTheReportWindow() {
        ExportInput in = ExportInput.withoutChart(Fixtures.INFO, Fixtures.REPORT);
        assertThat(in.series().window()).isEqualTo(Fixtures.REPORT.window());
        assertThat(in.series().tracked()).isEmpty();
        assertThat(in.series().os()).isEmpty();
        assertThat(Fixtures.export(ExportFormat.JSON, in)).isEqualTo(Fixtures.export(ExportFormat.JSON, Fixtures.INPUT));
    }
}
