package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /** The same report with only the handles of category {@code c}, largest group first. */
    public LeakReport only(HandleCategory c) {
        List<LeakGroup> kept = groups.stream().flatMap(g -> g.only(c).stream())
            .sorted(Comparator.comparingInt(LeakGroup::count).reversed().thenComparingInt(LeakGroup::stackId)).toList();
        return new LeakReport(window, horizon, horizonNanos, openBeforeRecording, kept);
    }

    /** The same report with only the handles process {@code pid} created (record --follow-children). */
    public LeakReport ofProcess(long pid) {
        List<LeakGroup> kept = groups.stream().flatMap(g -> g.ofProcess(pid).stream())
            .sorted(Comparator.comparingInt(LeakGroup::count).reversed().thenComparingInt(LeakGroup::stackId)).toList();
        return new LeakReport(window, horizon, horizonNanos, openBeforeRecording, kept);
    }

    public int totalLeaked() {
        return groups.stream().mapToInt(LeakGroup::count).sum();
    }

    /**
     * The modules (as recorded, full paths) of the leak stacks none of whose frames
     * any symbol source could name: their frames show as module+offset, and the
     * user should hear why (no PDB or debug info found, or a stripped binary).
     */
    public SortedSet<String> modulesWithoutSymbols() {
        Map<String, Boolean> named = new TreeMap<>();
        for (LeakGroup g : groups) {
            for (StackFrame f : g.stack()) {
                if (f.module() != null) named.merge(f.module(), f.function() != null, Boolean::logicalOr);
            }
        }
        SortedSet<String> modules = new TreeSet<>();
        named.forEach((module, any) -> {
            if (!any) modules.add(module);
        });
        return modules;
    }
}
