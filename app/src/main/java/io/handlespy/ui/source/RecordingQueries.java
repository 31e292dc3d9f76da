package io.handlespy.ui.source;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import java.nio.file.Path;
import java.util.List;

/** The questions the desktop app asks of one open recording. */
public interface RecordingQueries extends AutoCloseable {
    Path file();

    RecordingInfo info() throws RecordingException;

    TimeWindow whole() throws RecordingException;

    LeakReport leaks(TimeWindow window, Horizon horizon) throws RecordingException;

    CountSeries series(TimeWindow window, int points) throws RecordingException;

    /** The series with its count split into lines per category or per type (none where the source cannot split). */
    default CountSeries series(TimeWindow window, int points, SeriesSplit split) throws RecordingException {
        return series(window, points);
    }

    List<GrowthEntry> growth(int limit) throws RecordingException;

    /** The live count of one create stack over the recording, one point per change, oldest first. */
    List<SeriesPoint> stackLive(int stackId) throws RecordingException;

    /**
     * Leaks per iteration between the recording's markers, after {@code rules}: the stacks leaking
     * in at least {@code minIterations} iterations, or in half of them when it is 0.
     */
    IterationReport iterations(Horizon horizon, SuppressionSet rules, int minIterations) throws RecordingException;

    @Override
    void close();
}
