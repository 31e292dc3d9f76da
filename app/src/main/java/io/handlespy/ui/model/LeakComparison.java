package io.handlespy.ui.model;

import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import io.handlespy.analysis.compare.LeakDiff;
import io.handlespy.analysis.compare.StackChange;
import java.util.Comparator;
import java.util.List;

/**
 * Two leak reports side by side by create stack: what is new in B, gone from A,
 * grown or shrunk. Stacks match as {@code handlespy diff} and baselines match them
 * ({@link LeakDiff}): by their frames' modules, functions and source lines, then by
 * modules and functions alone, never by address, so two recordings of the same
 * program, before and after a fix (or a rebuild), line up.
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
        return LeakDiff.between(a, b).changes().stream().map(LeakComparison::row)
                .sorted(Comparator.comparing(Row::change).thenComparing(Comparator.comparingInt(Row::delta).reversed())
                        .thenComparing(Row::where))
                .toList();
    }

    private static Row row(StackChange c) {
        Change change = switch (c.change()) {
            case APPEARED -> Change.NEW;
            case GREW -> Change.GROWN;
            case SHRANK -> Change.SHRUNK;
            case UNCHANGED -> Change.SAME;
            case DISAPPEARED -> Change.GONE;
        };
        StackFrame user = UserFrames.innermostUser(c.stack());
        return new Row(change, c.oldCount(), c.newCount(), user == null ? "(no stack)" : user.display(), c.stack());
    }
}
