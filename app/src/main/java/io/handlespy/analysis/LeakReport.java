package io.handlespy.analysis;

import java.util.List;

/**
 * The answer to "what was created in this window and never closed": groups sorted
 * by count (largest first), plus how many handles were already open before the
 * recording started and are still open at the horizon (reported apart, never as leaks).
 * {@code symbolNotes} say which modules of the groups' stacks have no usable debug
 * info, so an unsymbolized frame is never left unexplained.
 */
public record LeakReport(TimeWindow window, Horizon horizon, long horizonNanos, int openBeforeRecording,
                         List<LeakGroup> groups, List<String> symbolNotes) {
    public LeakReport {
        groups = List.copyOf(groups);
        symbolNotes = List.copyOf(symbolNotes);
    }

    public LeakReport(TimeWindow window, Horizon horizon, long horizonNanos, int openBeforeRecording,
                      List<LeakGroup> groups) {
        this(window, horizon, horizonNanos, openBeforeRecording, groups, List.of());
    }

    public int totalLeaked() {
        return groups.stream().mapToInt(LeakGroup::count).sum();
    }
}
