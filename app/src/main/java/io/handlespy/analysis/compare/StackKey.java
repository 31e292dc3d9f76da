package io.handlespy.analysis.compare;

import io.handlespy.analysis.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What makes two create stacks "the same" across recordings, builds and machines:
 * each frame by its symbolized identity, never by its address. A symbolized frame is
 * {@code module!function:line} (the module's file name, lower-cased so Windows'
 * case-insensitive paths match; the source line of the call, which is what the
 * symbolizers report and what stays put when code moves in the binary). A frame
 * without symbols is {@code module+0xOFFSET}, which matches only the same build of
 * that module; one outside every module is {@code ?}. {@link #withoutLines} is the
 * coarser identity used when an edit moved lines.
 */
public record StackKey(List<String> frames) {
    private static final String UNKNOWN_FRAME = "?";

    public StackKey {
        frames = List.copyOf(frames);
    }

    public static StackKey of(List<StackFrame> stack) {
        List<String> keys = new ArrayList<>(stack.size());
        for (StackFrame f : stack) keys.add(frameKey(f));
        return new StackKey(keys);
    }

    /** The stack's frames without their lines ({@code module!function}), for stacks whose source lines moved. */
    public static StackKey withoutLines(List<StackFrame> stack) {
        List<String> keys = new ArrayList<>(stack.size());
        for (StackFrame f : stack) {
            keys.add(f.module() == null || f.function() == null ? frameKey(f) : moduleName(f.module()) + "!" + f.function());
        }
        return new StackKey(keys);
    }

    static String frameKey(StackFrame f) {
        if (f.module() == null) return UNKNOWN_FRAME;
        String module = moduleName(f.module());
        if (f.function() == null) return module + "+0x" + Long.toHexString(f.moduleOffset());
        return module + "!" + f.function() + (f.line() > 0 ? ":" + f.line() : "");
    }

    /** The file name of a module path, lower-cased. */
    public static String moduleName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1).toLowerCase(Locale.ROOT);
    }
}
