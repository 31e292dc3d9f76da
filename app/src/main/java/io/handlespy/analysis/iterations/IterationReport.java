package io.handlespy.analysis.iterations;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.suppress.RuleHits;
import io.handlespy.store.Marker;
import java.util.List;

/**
 * Leaks per iteration: iteration i runs from marker i to marker i+1 (the last one to
 * the end of the recording); time before the first marker is no iteration. {@code leaks}
 * holds the stacks leaking in at least {@code minIterations} iterations, most
 * consistent first; {@code hidden} what each suppression rule hid, summed over the iterations.
 */
public record IterationReport(List<Marker> markers, List<TimeWindow> iterations, Horizon horizon, int minIterations,
                              List<IterationLeak> leaks, List<RuleHits> hidden) {
    public IterationReport {
        markers = List.copyOf(markers);
        iterations = List.copyOf(iterations);
        leaks = List.copyOf(leaks);
        hidden = List.copyOf(hidden);
    }
}
