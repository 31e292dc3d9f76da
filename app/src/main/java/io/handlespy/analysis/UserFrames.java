package io.handlespy.analysis;

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
            + "|(lib)?handlespy[-_]hook.*"
            // the JVM and the JDK's native libraries, which open descriptors on behalf of Java code
            + "|lib(jvm|java|nio|net|zip|jimage|verify|extnet|prefs|management)\\.so");
    /** Java frames named from a JVM's perf map: the JDK's own classes are the runtime, not the user's code. */
    private static final Pattern JDK_METHOD = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\..*");

    private UserFrames() {}

    /**
     * Whether a frame is in a system or hook module (its module's file name decides), or a
     * method of the JDK's own classes in code a JVM generated.
     */
    public static boolean isSystem(StackFrame frame) {
        if (frame.module() == null) return frame.function() != null && JDK_METHOD.matcher(frame.function()).matches();
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
