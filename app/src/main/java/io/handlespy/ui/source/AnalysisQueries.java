package io.handlespy.ui.source;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.iterations.Iterations;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.store.Marker;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import io.handlespy.symbols.Symbolizer;
import java.nio.file.Path;
import java.util.List;

/** {@link RecordingQueries} answered by the analysis layer over a recording file. */
public final class AnalysisQueries implements RecordingQueries {
    private final Recording recording;
    private final Analysis analysis;
    private final Runnable onClose;

    /** {@code onClose} runs when the app is done with the recording (closing it, or its owner). */
    public AnalysisQueries(Recording recording, Symbolizer symbolizer, Runnable onClose) {
        this.recording = recording;
        this.analysis = new Analysis(recording, symbolizer);
        this.onClose = onClose;
    }

    /** Opens {@code file} with the symbolizers for the platform it was recorded on, as the CLI does. */
    public static AnalysisQueries open(Path file) throws RecordingException {
        Recording r = Recording.open(file);
        try {
            return new AnalysisQueries(r, Symbolizers.forRecording(r), r::close);
        } catch (RecordingException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    @Override public Path file() { return recording.file(); }

    @Override public RecordingInfo info() throws RecordingException { return recording.info(); }

    @Override public TimeWindow whole() throws RecordingException { return analysis.whole(); }

    @Override public LeakReport leaks(TimeWindow window, Horizon horizon) throws RecordingException {
        return analysis.leaks(window, horizon);
    }

    @Override public CountSeries series(TimeWindow window, int points) throws RecordingException {
        return analysis.series(window, points);
    }

    @Override public CountSeries series(TimeWindow window, int points, SeriesSplit split) throws RecordingException {
        return analysis.series(window, points, split);
    }

    @Override public List<GrowthEntry> growth(int limit) throws RecordingException { return analysis.growth(limit); }

    @Override public List<SeriesPoint> stackLive(int stackId) throws RecordingException {
        return recording.stackLive().stream().filter(s -> s.stackId() == stackId)
                .map(s -> new SeriesPoint(s.timeNanos(), s.live(), s.live())).toList();
    }

    @Override public IterationReport iterations(Horizon horizon, SuppressionSet rules, int minIterations)
            throws RecordingException {
        List<Marker> markers = recording.markers();
        int k = minIterations > 0 ? minIterations
                : Iterations.defaultMinIterations(Iterations.windows(markers, analysis.whole().toNanos()).size());
        return Iterations.analyze(analysis, markers, horizon, rules, k);
    }

    @Override public void close() { onClose.run(); }
}
