package io.handlespy.ui.source;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording's queries with suppression rules applied to its leaks, as
 * {@code handlespy export --suppressions} applies them: what the app exports is
 * what its leak table shows. Closing it leaves the recording open (it belongs
 * to the window that shows it).
 */
public final class SuppressedQueries implements RecordingQueries {
    private final RecordingQueries recording;
    private final SuppressionSet rules;

    public SuppressedQueries(RecordingQueries recording, SuppressionSet rules) {
        this.recording = recording;
        this.rules = rules;
    }

    @Override public Path file() { return recording.file(); }

    @Override public RecordingInfo info() throws RecordingException { return recording.info(); }

    @Override public TimeWindow whole() throws RecordingException { return recording.whole(); }

    @Override public LeakReport leaks(TimeWindow window, Horizon horizon) throws RecordingException {
        return rules.apply(recording.leaks(window, horizon)).report();
    }

    @Override public CountSeries series(TimeWindow window, int points) throws RecordingException {
        return recording.series(window, points);
    }

    @Override public List<GrowthEntry> growth(int limit) throws RecordingException { return recording.growth(limit); }

    @Override public List<SeriesPoint> stackLive(int stackId) throws RecordingException {
        return recording.stackLive(stackId);
    }

    /** The iterations after this wrapper's rules; {@code rules} given here are ignored. */
    @Override public IterationReport iterations(Horizon horizon, SuppressionSet ignored, int minIterations)
            throws RecordingException {
        return recording.iterations(horizon, this.rules, minIterations);
    }

    @Override public void close() { }
}
