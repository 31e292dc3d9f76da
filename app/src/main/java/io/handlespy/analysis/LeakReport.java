package io.handlespy.analysis;

import java.util.List;

/**
 * The answer to "what was created in this window and never closed": groups sorted
 * by count (largest first), plus how many handles were already open before the
 * recording started and are still open at the horizon (reported apart, never as leaks).
 */
public record LeakReport(TimeWindow window, Horizon horizon, long horizonNanos, int openBeforeRecording,
                         List<LeakGroup> groups) {
    public LeakReport {
        groups = List.copyOf(groups);
    }

    public int totalLeaked() {
        return groups.stream().mapToInt(LeakGroup::count).sum();
    }
}
