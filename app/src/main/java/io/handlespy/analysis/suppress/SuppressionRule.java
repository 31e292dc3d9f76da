package io.handlespy.analysis.suppress;

import java.util.List;

/**
 * One suppression: leaked handles matching every field given are hidden from the
 * report and counted against this rule. {@code module} and {@code function} must
 * match one and the same frame anywhere in the create stack (module by file name,
 * ignoring case; both globs); {@code type} the handle's type (glob, ignoring case);
 * {@code stack} the create stack's innermost frames in order ({@code module!function}
 * or {@code function} globs), counted from the first frame outside HandleSpy's own
 * hook. Absent fields (null, empty stack) match everything.
 *
 * @param origin where the rule comes from: a file path, or {@value #DEFAULT_ORIGIN} for the built-in list
 */
public record SuppressionRule(String name, String reason, String module, String function, String type,
                              List<String> stack, String origin) {
    public static final String DEFAULT_ORIGIN = "default";

    public SuppressionRule {
        stack = List.copyOf(stack);
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("rule '" + name + "' has no reason");
        if (module == null && function == null && type == null && stack.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' would hide every handle; "
                + "give it a module, function, type or stack");
        }
    }

    public boolean isDefault() { return DEFAULT_ORIGIN.equals(origin); }
}
