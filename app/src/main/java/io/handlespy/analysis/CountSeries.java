package io.handlespy.analysis;

import java.util.List;

/**
 * Handle counts over a window: {@code tracked} from the agent's creates and
 * closes, {@code os} from the OS samples (empty where the OS gives no count).
 */
public record CountSeries(TimeWindow window, List<SeriesPoint> tracked, List<SeriesPoint> os) {
    public CountSeries {
        tracked = List.copyOf(tracked);
        os = List.copyOf(os);
    }
}
