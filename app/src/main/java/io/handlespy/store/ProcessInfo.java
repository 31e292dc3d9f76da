package io.handlespy.store;

import java.util.List;

/**
 * A process of a followed tree (record --follow-children): its parent, program and
 * arguments (the last exec's), and when it started and ended in ns since the
 * recording started ({@code endNanos} -1 while running or when its end was not seen).
 * {@code exitCode}: 0..255, 128+N for signal N, -1 unknown.
 */
public record ProcessInfo(long pid, long parentPid, String path, List<String> arguments, long startNanos,
                          long endNanos, int exitCode) {
    public ProcessInfo {
        arguments = List.copyOf(arguments);
    }
}
