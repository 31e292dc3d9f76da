package io.handlespy.ui.model;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Two leak reports side by side by create stack: what is new in B, gone from A,
 * grown or shrunk. Stacks match by their frames' modules and functions (file
 * names, not addresses), so two recordings of the same program, before and
 * after a fix, line up even though their stack ids and load addresses differ.
 */
public final class LeakComparison {
    private LeakComparison() {}

    public enum Change { NEW, GROWN, SHRUNK, SAME, GONE }

    /** One create stack: its count in A and in B (0 where absent) and what changed. */
    public record Row(Change change, int countA, int countB, String where, List<StackFrame> stack) {
        public int delta() { return countB - countA; }
    }

    /** Rows ordered by change (new first, gone last), then by how much they grew. */
    public static List<Row> compare(LeakReport a, LeakReport b) {
        Map<String, Integer> countA = counts(a);
        Map<String, Integer> countB = counts(b);
        Map<String, LeakGroup> shown = new LinkedHashMap<>();
        for (LeakGroup g : b.groups()) shown.putIfAbsent(signature(g.stack()), g);
        for (LeakGroup g : a.groups()) shown.putIfAbsent(signature(g.stack()), g);
        List<Row> rows = new ArrayList<>();
        for (var e : shown.entrySet()) {
            int ca = countA.getOrDefault(e.getKey(), 0);
            int cb = countB.getOrDefault(e.getKey(), 0);
            Change c = ca == 0 ? Change.NEW : cb == 0 ? Change.GONE : cb > ca ? Change.GROWN : cb < ca ? Change.SHRUNK
                    : Change.SAME;
            StackFrame user = UserFrames.innermostUser(e.getValue().stack());
            rows.add(new Row(c, ca, cb, user == null ? "(no stack)" : user.display(), e.getValue().stack()));
        }
        rows.sort(Comparator.comparing(Row::change).thenComparing(Comparator.comparingInt(Row::delta).reversed())
                .thenComparing(Row::where));
        return rows;
    }

    /** Leaked handles per signature; groups with the same code seen at different addresses add up. */
    private static Map<String, Integer> counts(LeakReport r) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (LeakGroup g : r.groups()) m.merge(signature(g.stack()), g.count(), Integer::sum);
        return m;
    }

    static String signature(List<StackFrame> stack) {
        return stack.stream().map(f -> (f.module() == null ? "?" : NotMyCode.nameOf(f.module())) + "!"
                + (f.function() == null ? "+0x" + Long.toHexString(f.moduleOffset()) : f.function()))
                .collect(Collectors.joining("|"));
    }
}
