package io.handlespy.ui.model;

import io.handlespy.analysis.StackFrame;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the frame a developer cares about: the innermost one in their own code,
 * past the C runtime, the OS libraries and HandleSpy's hook, which sit on top
 * of every create stack.
 */
public final class UserFrames {
    private static final Pattern SYSTEM_MODULE = Pattern.compile(
            "(libc|libpthread|libdl|librt|ld-linux(-x86-64)?|ld-musl-[a-z0-9_]+|libstdc\\+\\+|libgcc_s)([.-].*)?\\.so(\\..*)?"
            + "|ld-linux.*|linux-vdso\\.so.*"
            + "|ntdll(\\.so)?|ntdll\\.dll|kernel32\\.dll|kernelbase\\.dll|win32u\\.dll|wow64.*\\.dll"
            + "|ucrtbase\\.dll|msvcrt\\.dll|advapi32\\.dll|sechost\\.dll|ws2_32\\.dll|mswsock\\.dll"
            + "|(lib)?handlespy[-_]hook.*");

    private UserFrames() {}

    /** Whether a frame is in a system or hook module (its module's file name decides). */
    public static boolean isSystem(StackFrame frame) {
        if (frame.module() == null) return false;
        String m = frame.module();
        int i = Math.max(m.lastIndexOf('/'), m.lastIndexOf('\\'));
        return SYSTEM_MODULE.matcher(m.substring(i + 1).toLowerCase(Locale.ROOT)).matches();
    }

    /** Innermost non-system frame; the innermost frame if all are system; null for an empty stack. */
    public static StackFrame innermostUser(List<StackFrame> stack) {
        for (StackFrame f : stack) if (!isSystem(f)) return f;
        return stack.isEmpty() ? null : stack.get(0);
    }
}
