package io.handlespy.analysis;

import java.util.List;

/** Handles of one type and name created by one stack in a window, closed or not. {@code stack} is innermost first. */
public record CreateCount(int stackId, List<StackFrame> stack, String type, String name, long count) {
    public CreateCount {
        stack = List.copyOf(stack);
    }
}
