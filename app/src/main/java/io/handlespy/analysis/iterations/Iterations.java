package io.handlespy.analysis.iterations;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.compare.StackKey;
import io.handlespy.analysis.suppress.RuleHits;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.analysis.suppress.Suppressed;
import io.handlespy.store.Marker;
import io.handlespy.store.RecordingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The original HandleSpy method, automated: repeat one action, mark each repetition,
 * and look for the create stacks that leak in (nearly) every one of them. A leak
 * that happens once per action leaks in every iteration with the same count; noise
 * leaks in some iterations, or in bursts. Stacks are matched by {@link StackKey}.
 */
public final class Iterations {
    private Iterations() {}

    /** Iterations between consecutive markers inside [0, end]; the last one ends at {@code end}. */
    public static List<TimeWindow> windows(List<Marker> markers, long end) {
        List<Long> starts = markers.stream().map(Marker::timeNanos).filter(t -> t >= 0 && t <= end).sorted().toList();
        List<TimeWindow> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long from = starts.get(i);
            long to = i + 1 < starts.size() ? starts.get(i + 1) - 1 : end;
            if (to >= from) out.add(new TimeWindow(from, to));
        }
        return out;
    }

    /** The least number of iterations a stack must leak in to be reported by default: half of {@code n}, at least 1. */
    public static int defaultMinIterations(int n) {
        return Math.max(1, (n + 1) / 2);
    }

    /**
     * @param minIterations report stacks leaking in at least this many iterations (at least 1)
     */
    public static IterationReport analyze(Analysis analysis, List<Marker> markers, Horizon horizon,
                                          SuppressionSet suppressions, int minIterations) throws RecordingException {
        List<TimeWindow> iterations = windows(markers, analysis.whole().toNanos());
        int n = iterations.size();
        Map<StackKey, int[]> counts = new LinkedHashMap<>();
        Map<StackKey, List<StackFrame>> stacks = new LinkedHashMap<>();
        Map<StackKey, Map<String, Integer>> types = new LinkedHashMap<>();
        int[] hiddenHandles = new int[suppressions.rules().size()], hiddenStacks = new int[hiddenHandles.length];
        for (int i = 0; i < n; i++) {
            Suppressed s = suppressions.apply(analysis.leaks(iterations.get(i), horizon));
            for (int h = 0; h < hiddenHandles.length; h++) {
                hiddenHandles[h] += s.hits().get(h).handles();
                hiddenStacks[h] += s.hits().get(h).stacks();
            }
            LeakReport r = s.report();
            for (LeakGroup g : r.groups()) {
                StackKey k = StackKey.of(g.stack());
                counts.computeIfAbsent(k, x -> new int[n])[i] += g.count();
                stacks.putIfAbsent(k, g.stack());
                Map<String, Integer> t = types.computeIfAbsent(k, x -> new TreeMap<>());
                g.types().forEach((type, c) -> t.merge(type, c, Integer::sum));
            }
        }
        List<IterationLeak> leaks = new ArrayList<>();
        for (Map.Entry<StackKey, int[]> e : counts.entrySet()) {
            List<Integer> per = Arrays.stream(e.getValue()).boxed().toList();
            IterationLeak l = new IterationLeak(e.getKey(), stacks.get(e.getKey()), types.get(e.getKey()), per);
            if (l.iterationsLeaking() >= Math.max(1, minIterations)) leaks.add(l);
        }
        leaks.sort(Comparator.comparingInt(IterationLeak::iterationsLeaking).reversed()
            .thenComparingDouble(IterationLeak::spread)
            .thenComparing(Comparator.comparingInt(IterationLeak::total).reversed())
            .thenComparing(l -> String.join("|", l.key().frames())));
        List<RuleHits> hidden = new ArrayList<>();
        for (int h = 0; h < hiddenHandles.length; h++) {
            hidden.add(new RuleHits(suppressions.rules().get(h), hiddenHandles[h], hiddenStacks[h]));
        }
        return new IterationReport(markers, iterations, horizon, Math.max(1, minIterations), leaks, hidden);
    }
}
