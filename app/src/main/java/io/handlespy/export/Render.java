package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/** Renderings shared by the formats, so a value reads the same in every export. */
final class Render {
    private Render() {}

    /** Seconds since the recording started, exact to the nanosecond and without trailing zeros: 1.5, 2, 0.000000001. */
    static BigDecimal seconds(long nanos) {
        BigDecimal s = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Types by count, largest first, then by name: a stable order for every format. */
    static java.util.List<Map.Entry<String, Integer>> types(LeakGroup g) {
        return g.types().entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
            .toList();
    }

    /** "Event x3, File x1". */
    static String typeSummary(LeakGroup g) {
        return types(g).stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The frame where the handle was created, or a placeholder for a handle created without a stack. */
    static String innermost(LeakGroup g) {
        return g.stack().isEmpty() ? "(no stack)" : g.stack().get(0).display();
    }

    /** Where the user's own code created the group's handles: past libc, ntdll, kernelbase and the hook. */
    static String createdAt(LeakGroup g) {
        return g.stack().isEmpty() ? "(no stack)" : UserFrames.innermostUser(g.stack()).display();
    }

    /** module!function for flame graphs, degrading to module+0xoffset or the raw address. */
    static String shortFrame(StackFrame f) {
        String mod = f.module() == null ? null : fileName(f.module());
        if (f.function() != null) return mod == null ? f.function() : mod + "!" + f.function();
        if (mod != null) return mod + "+0x" + Long.toHexString(f.moduleOffset());
        return hex(f.address());
    }

    static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i < 0 ? path : path.substring(i + 1);
    }
}
