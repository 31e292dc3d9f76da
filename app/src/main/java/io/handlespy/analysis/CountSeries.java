package io.handlespy.analysis;

import java.util.List;

/**
 * Handle counts over a window: {@code tracked} from the agent's creates and
 * closes, {@code os} from the OS samples (empty where the OS gives no count),
 * and the lines the count is split into (empty when not split).
 */
public record CountSeries(TimeWindow window, List<SeriesPoint> tracked, List<SeriesPoint> os, List<SeriesLine> lines) {
    public CountSeries {
        tracked = List.copyOf(tracked);
        os = List.copyOf(os);
        lines = List.copyOf(lines);
    }

    public CountSeries(TimeWindow window, List<SeriesPoint> tracked, List<SeriesPoint> os) {
        this(window, tracked, os, List.of());
    }
}
