package io.handlespy.analysis.iterations;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.compare.StackKey;
import java.util.List;
import java.util.Map;

/**
 * One create stack's leaks per iteration: {@code perIteration.get(i)} handles created
 * in iteration i and still open at the horizon; {@code iterationsLeaking} counts the
 * iterations with at least one.
 */
public record IterationLeak(StackKey key, List<StackFrame> stack, Map<String, Integer> types,
                            List<Integer> perIteration) {
    public IterationLeak {
        stack = List.copyOf(stack);
        types = Map.copyOf(types);
        perIteration = List.copyOf(perIteration);
    }

    public int iterationsLeaking() {
        return (int) perIteration.stream().filter(c -> c > 0).count();
    }

    public int total() {
        return perIteration.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * How much the counts of the leaking iterations vary: their standard deviation
     * over their mean (0 for a leak of the same size every time).
     */
    public double spread() {
        double[] c = perIteration.stream().filter(x -> x > 0).mapToDouble(Integer::doubleValue).toArray();
        if (c.length == 0) return 0;
        double mean = 0, var = 0;
        for (double x : c) mean += x;
        mean /= c.length;
        for (double x : c) var += (x - mean) * (x - mean);
        return Math.sqrt(var / c.length) / mean;
    }
}
