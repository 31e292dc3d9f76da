package io.handlespy.export;

import io.handlespy.analysis.CreateCount;
import io.handlespy.analysis.LeakReport;
import io.handlespy.store.RecordingInfo;
import java.util.List;

/** What a pprof profile holds: the leaks of a window (in use at the horizon) and every create of that window. */
public record PprofInput(RecordingInfo info, LeakReport leaks, List<CreateCount> creates) {
    public PprofInput {
        creates = List.copyOf(creates);
    }
}
