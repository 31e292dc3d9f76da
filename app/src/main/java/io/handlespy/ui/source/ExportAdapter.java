package io.handlespy.ui.source;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.export.ExportCancelledException;
import io.handlespy.export.ExportFiles;
import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import io.handlespy.ui.task.Progress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * {@link ReportExporter} over the export module, writing exactly what
 * {@code handlespy export} writes for the same window and horizon. The file is
 * either complete or untouched ({@link ExportFiles}).
 */
public final class ExportAdapter implements ReportExporter {
    /** Points in the count series an export carries, as the CLI's. */
    private static final int SERIES_POINTS = 800;

    @Override
    public List<ExportChoice> formats() {
        return Arrays.stream(ExportFormat.values()).map(f -> new ExportChoice(f.cliName(), label(f), f.extension()))
                .toList();
    }

    private static String label(ExportFormat f) {
        return switch (f) {
            case CSV -> "CSV — one row per leaked handle";
            case JSON -> "JSON — as handlespy leaks --format json";
            case FOLDED -> "Folded stacks — for flame graphs";
            case HTML -> "HTML report — self-contained, with chart";
        };
    }

    @Override
    public void export(RecordingQueries recording, ExportChoice format, TimeWindow window, Horizon horizon, Path output,
                       Progress progress) throws Exception {
        progress.update(-1, "Finding leaks…");
        LeakReport report = recording.leaks(window, horizon);
        progress.cancelFlag().checkpoint();
        ExportInput input = new ExportInput(recording.info(), report, recording.series(recording.whole(), SERIES_POINTS));
        progress.cancelFlag().checkpoint();
        try {
            ExportFiles.write(output, ExportFormat.fromCliName(format.id()), input, new ExportProgress(
                    (done, total) -> progress.update(total == 0 ? 1 : (double) done / total, null),
                    progress.cancelFlag()::isCancelled));
        } catch (ExportCancelledException e) {
            throw new CancellationException("export cancelled");
        }
    }
}
