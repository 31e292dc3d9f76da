package io.handlespy.analysis.compare;

import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The leak stacks of two recordings side by side, matched by {@link StackKey}: what
 * appeared, grew, shrank, disappeared or stayed. Serves {@code handlespy diff} and
 * baselines ({@code leaks --baseline}). Changes come biggest change first.
 */
public record LeakDiff(List<StackChange> changes) {
    public LeakDiff {
        changes = List.copyOf(changes);
    }

    public static LeakDiff between(LeakReport old, LeakReport now) {
        StackTally before = StackTally.of(old), after = StackTally.of(now);
        Set<StackKey> keys = new LinkedHashSet<>(after.counts().keySet());
        keys.addAll(before.counts().keySet());
        List<StackChange> out = new ArrayList<>();
        for (StackKey k : keys) {
            int o = before.count(k), n = after.count(k);
            List<StackFrame> stack = after.stacks().containsKey(k) ? after.stacks().get(k) : before.stacks().get(k);
            out.add(new StackChange(StackChange.classify(o, n), k, o, n, stack));
        }
        out.sort(Comparator.comparing(StackChange::change)
            .thenComparing(Comparator.comparingInt((StackChange c) -> Math.abs(c.delta())).reversed())
            .thenComparing(Comparator.comparingInt(StackChange::newCount).reversed())
            .thenComparing(c -> String.join("|", c.key().frames())));
        return new LeakDiff(out);
    }

    public List<StackChange> of(StackChange.Change change) {
        return changes.stream().filter(c -> c.change() == change).toList();
    }

    /** The stacks absent from the old recording or grown beyond it. */
    public List<StackChange> newOrGrown() {
        return changes.stream().filter(StackChange::isNewOrGrown).toList();
    }

    /** Handles leaked beyond the old recording: the sum of the growth of every new or grown stack. */
    public int handlesBeyondOld() {
        return newOrGrown().stream().mapToInt(StackChange::delta).sum();
    }
}
