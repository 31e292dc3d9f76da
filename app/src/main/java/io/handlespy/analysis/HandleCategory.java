package io.handlespy.analysis;

import java.util.Locale;
import java.util.Map;

/**
 * A coarse family for a handle type, the same across platforms (a Windows File and a
 * Linux fd "file" are both {@code file}), so reports and profiling backends can group
 * Windows handles and Linux descriptors alike.
 */
public final class HandleCategory {
    private static final Map<String, String> BY_TYPE = Map.ofEntries(
        Map.entry("file", "file"), Map.entry("dir", "file"), Map.entry("directory", "file"),
        Map.entry("symboliclink", "file"),
        Map.entry("socket", "socket"),
        Map.entry("pipe", "ipc"), Map.entry("alpc port", "ipc"), Map.entry("memfd", "memory"),
        Map.entry("section", "memory"),
        Map.entry("event", "sync"), Map.entry("mutant", "sync"), Map.entry("semaphore", "sync"),
        Map.entry("keyedevent", "sync"), Map.entry("eventfd", "sync"), Map.entry("timer", "sync"),
        Map.entry("timerfd", "sync"), Map.entry("signalfd", "sync"), Map.entry("epoll", "sync"),
        Map.entry("inotify", "sync"), Map.entry("iocompletion", "sync"),
        Map.entry("process", "process"), Map.entry("thread", "process"), Map.entry("job", "process"),
        Map.entry("pidfd", "process"), Map.entry("debugobject", "process"), Map.entry("partition", "process"),
        Map.entry("token", "security"),
        Map.entry("key", "registry"),
        Map.entry("windowstation", "desktop"), Map.entry("desktop", "desktop"),
        Map.entry("tmtx", "transaction"));

    private HandleCategory() {}

    /** file, socket, ipc, memory, sync, process, security, registry, desktop, transaction or other. */
    public static String of(String type) {
        return type == null ? "other" : BY_TYPE.getOrDefault(type.toLowerCase(Locale.ROOT), "other");
    }
}
