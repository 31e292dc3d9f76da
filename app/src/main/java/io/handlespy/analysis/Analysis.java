package io.handlespy.analysis;

import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.symbols.Symbolizer;
import java.util.List;

/** The questions a user asks of a recording. API surface; the analysis work fills it in. */
public final class Analysis {
    public Analysis(Recording recording, Symbolizer symbolizer) {}

    /** [0, duration] of the recording. */
    public TimeWindow whole() throws RecordingException { throw new UnsupportedOperationException(); }

    public LeakReport leaks(TimeWindow window, Horizon horizon) throws RecordingException { throw new UnsupportedOperationException(); }

    public CountSeries series(TimeWindow window, int points) throws RecordingException { throw new UnsupportedOperationException(); }

    public List<GrowthEntry> growth(int limit) throws RecordingException { throw new UnsupportedOperationException(); }
}
