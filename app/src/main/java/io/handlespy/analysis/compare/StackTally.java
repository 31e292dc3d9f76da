package io.handlespy.analysis.compare;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Leaked handles per {@link StackKey}: groups whose stacks differ only in addresses add up. */
record StackTally(Map<StackKey, Integer> counts, Map<StackKey, List<StackFrame>> stacks) {
    static StackTally of(LeakReport report) {
        Map<StackKey, Integer> counts = new LinkedHashMap<>();
        Map<StackKey, List<StackFrame>> stacks = new LinkedHashMap<>();
        for (LeakGroup g : report.groups()) {
            StackKey key = StackKey.of(g.stack());
            counts.merge(key, g.count(), Integer::sum);
            stacks.putIfAbsent(key, g.stack());
        }
        return new StackTally(counts, stacks);
    }

    int count(StackKey key) {
        return counts.getOrDefault(key, 0);
    }
}
