package io.handlespy.analysis;

import java.util.List;
import java.util.Map;

/** Leaked handles sharing one create stack. {@code stack} is innermost frame first. */
public record LeakGroup(int stackId, int count, Map<String, Integer> types, long firstCreatedNanos,
                        long lastCreatedNanos, List<StackFrame> stack, List<LeakedHandle> handles) {
    public LeakGroup {
        types = Map.copyOf(types);
        stack = List.copyOf(stack);
        handles = List.copyOf(handles);
    }
}
