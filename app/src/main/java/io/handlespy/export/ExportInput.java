package io.handlespy.export;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.LeakReport;
import io.handlespy.store.RecordingInfo;
import java.util.List;
import java.util.Objects;

/**
 * Everything an export shows: the leak report, the recording it came from, and the
 * handle counts over the recording (the HTML chart; the other formats ignore it).
 */
public record ExportInput(RecordingInfo info, LeakReport report, CountSeries series) {
    public ExportInput {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(series, "series");
    }

    /** For CSV, JSON, folded stacks and the table, which show no chart: the series is empty. */
    public static ExportInput withoutChart(RecordingInfo info, LeakReport report) {
        return new ExportInput(info, report, new CountSeries(report.window(), List.of(), List.of()));
    }
}
