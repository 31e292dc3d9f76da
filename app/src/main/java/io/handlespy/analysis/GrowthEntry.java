package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import java.util.List;

/** A create stack whose live count grows steadily: least-squares slope and fit (R²) over the recording. */
public record GrowthEntry(int stackId, double slopePerSecond, double rSquared, long liveAtEnd, List<StackFrame> stack,
                          HandleCategory category) {
    public GrowthEntry {
        stack = List.copyOf(stack);
    }

    /** A stack of kernel handles. */
    public GrowthEntry(int stackId, double slopePerSecond, double rSquared, long liveAtEnd, List<StackFrame> stack) {
        this(stackId, slopePerSecond, rSquared, liveAtEnd, stack, HandleCategory.KERNEL);
    }
}
