package io.handlespy.analysis.suppress;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Rules applied in order: a leaked handle is hidden by the first rule that matches
 * its create stack and type, and counted against that rule only.
 */
public final class SuppressionSet {
    private final List<RuleMatcher> matchers;

    public SuppressionSet(List<SuppressionRule> rules) {
        this.matchers = rules.stream().map(RuleMatcher::new).toList();
    }

    public List<SuppressionRule> rules() {
        return matchers.stream().map(m -> m.rule).toList();
    }

    /** The index of the first rule hiding a handle of {@code type} created by {@code stack}, or -1. */
    public int ruleFor(List<StackFrame> stack, String type) {
        for (int i = 0; i < matchers.size(); i++) {
            RuleMatcher m = matchers.get(i);
            if (m.matchesType(type) && m.matchesStack(stack)) return i;
        }
        return -1;
    }

    public Suppressed apply(LeakReport report) {
        int[] handles = new int[matchers.size()], stacks = new int[matchers.size()];
        List<LeakGroup> kept = new ArrayList<>();
        for (LeakGroup g : report.groups()) {
            boolean[] hitHere = new boolean[matchers.size()];
            int[] byStack = stackMatches(g.stack());
            List<LeakedHandle> left = new ArrayList<>();
            for (LeakedHandle h : g.handles()) {
                int rule = firstTypeMatch(byStack, h.type());
                if (rule < 0) {
                    left.add(h);
                } else {
                    handles[rule]++;
                    hitHere[rule] = true;
                }
            }
            for (int i = 0; i < hitHere.length; i++) if (hitHere[i]) stacks[i]++;
            if (left.size() == g.handles().size()) kept.add(g);
            else if (!left.isEmpty()) kept.add(regroup(g, left));
        }
        kept.sort(Comparator.comparingInt(LeakGroup::count).reversed().thenComparingInt(LeakGroup::stackId));
        List<RuleHits> hits = new ArrayList<>();
        for (int i = 0; i < matchers.size(); i++) hits.add(new RuleHits(matchers.get(i).rule, handles[i], stacks[i]));
        return new Suppressed(new LeakReport(report.window(), report.horizon(), report.horizonNanos(),
            report.openBeforeRecording(), kept), hits);
    }

    /** Rule indexes whose stack part matches, in order (type checked per handle afterwards). */
    private int[] stackMatches(List<StackFrame> stack) {
        return IntStream.range(0, matchers.size())
            .filter(i -> matchers.get(i).matchesStack(stack)).toArray();
    }

    private int firstTypeMatch(int[] candidates, String type) {
        for (int i : candidates) if (matchers.get(i).matchesType(type)) return i;
        return -1;
    }

    private static LeakGroup regroup(LeakGroup g, List<LeakedHandle> left) {
        Map<String, Integer> types = new TreeMap<>();
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (LeakedHandle h : left) {
            types.merge(h.type(), 1, Integer::sum);
            first = Math.min(first, h.createdAtNanos());
            last = Math.max(last, h.createdAtNanos());
        }
        return new LeakGroup(g.stackId(), left.size(), types, first, last, g.stack(), left);
    }
}
