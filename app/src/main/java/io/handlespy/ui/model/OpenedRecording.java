package io.handlespy.ui.model;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.RecordingInfo;
import io.handlespy.ui.source.RecordingQueries;

/** What is read before a recording's first paint: its totals, its extent and an overview of the counts. */
public record OpenedRecording(RecordingQueries queries, RecordingInfo info, TimeWindow whole, CountSeries overview) {
    /** Points in the whole-recording overview: enough for a 4K-wide chart, cheap to reduce per redraw. */
    public static final int OVERVIEW_POINTS = 4096;

    public static OpenedRecording read(RecordingQueries queries) throws Exception {
        return read(queries, SeriesSplit.CATEGORY);
    }

    /** With the overview's count split per category (the chart's default) or per type. */
    public static OpenedRecording read(RecordingQueries queries, SeriesSplit split) throws Exception {
        TimeWindow whole = queries.whole();
        return new OpenedRecording(queries, queries.info(), whole, queries.series(whole, OVERVIEW_POINTS, split));
    }
}
