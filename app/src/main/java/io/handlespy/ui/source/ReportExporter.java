package io.handlespy.ui.source;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.task.Progress;
import java.nio.file.Path;
import java.util.List;

/** Writes a window of a recording in one of the export formats. */
public interface ReportExporter {
    /** Format names as shown to the user, e.g. "HTML report". */
    List<ExportChoice> formats();

    void export(RecordingQueries recording, ExportChoice format, TimeWindow window, Horizon horizon, Path output,
                Progress progress) throws Exception;

    /** One export format: what the user sees and the file extension it writes. */
    record ExportChoice(String id, String label, String extension) {}
}
