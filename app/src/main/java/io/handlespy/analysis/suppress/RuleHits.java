package io.handlespy.analysis.suppress;

/** What one rule hid from a report: {@code handles} leaked handles from {@code stacks} create stacks. */
public record RuleHits(SuppressionRule rule, int handles, int stacks) {}
