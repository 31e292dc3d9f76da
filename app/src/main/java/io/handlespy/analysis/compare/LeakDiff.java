package io.handlespy.analysis.compare;

import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leak stacks of two recordings side by side, matched by their symbolized frames
 * ({@link StackKey}): what appeared, grew, shrank, disappeared or stayed. Serves {@code handlespy diff} and
 * baselines ({@code leaks --baseline}). Changes come biggest change first.
 */
public record LeakDiff(List<StackChange> changes) {
    public LeakDiff {
        changes = List.copyOf(changes);
    }

    /**
     * Stacks are paired by {@link StackKey} first; the stacks left on both sides are then
     * paired by {@link StackKey#withoutLines}, with the counts of stacks that differ only
     * in lines summed, so an edit that moved source lines is no new leak.
     */
    public static LeakDiff between(LeakReport old, LeakReport now) {
        StackTally before = StackTally.of(old), after = StackTally.of(now);
        List<StackChange> out = new ArrayList<>();
        Map<StackKey, Pair> moved = new LinkedHashMap<>();
        for (StackKey k : after.counts().keySet()) {
            if (before.counts().containsKey(k)) out.add(change(k, before.count(k), after.count(k), after.stacks().get(k)));
            else moved.computeIfAbsent(StackKey.withoutLines(after.stacks().get(k)), x -> new Pair()).addNew(k, after);
        }
        for (StackKey k : before.counts().keySet()) {
            if (!after.counts().containsKey(k)) {
                moved.computeIfAbsent(StackKey.withoutLines(before.stacks().get(k)), x -> new Pair()).addOld(k, before);
            }
        }
        for (Pair p : moved.values()) out.add(change(p.key, p.oldCount, p.newCount, p.stack));
        out.sort(Comparator.comparing(StackChange::change)
            .thenComparing(Comparator.comparingInt((StackChange c) -> Math.abs(c.delta())).reversed())
            .thenComparing(Comparator.comparingInt(StackChange::newCount).reversed())
            .thenComparing(c -> String.join("|", c.key().frames())));
        return new LeakDiff(out);
    }

    private static StackChange change(StackKey key, int oldCount, int newCount, List<StackFrame> stack) {
        return new StackChange(StackChange.classify(oldCount, newCount), key, oldCount, newCount, stack);
    }

    /** The stacks of both sides that match only without lines; named by the new side's first stack when it has one. */
    private static final class Pair {
        StackKey key;
        List<StackFrame> stack;
        int oldCount, newCount;
        private boolean hasNew;

        void addNew(StackKey k, StackTally t) {
            if (!hasNew) {
                key = k;
                stack = t.stacks().get(k);
                hasNew = true;
            }
            newCount += t.count(k);
        }

        void addOld(StackKey k, StackTally t) {
            if (key == null) {
                key = k;
                stack = t.stacks().get(k);
            }
            oldCount += t.count(k);
        }
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
