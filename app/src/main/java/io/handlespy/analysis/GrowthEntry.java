package io.handlespy.analysis;

import java.util.List;

/** A create stack whose live count grows steadily: least-squares slope and fit (R²) over the recording. */
public record GrowthEntry(int stackId, double slopePerSecond, double rSquared, long liveAtEnd, List<StackFrame> stack) {
    public GrowthEntry {
        stack = List.copyOf(stack);
    }
}
