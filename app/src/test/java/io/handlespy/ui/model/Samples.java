package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import java.util.List;
import java.util.Map;

/** Hand-built analysis values for view-model tests. */
final class Samples {
    private Samples() {}

    static final StackFrame HOOK = new StackFrame(0x7f0000001000L, "/opt/handlespy/libhandlespy-hook.so", 0x1000,
            "handlespy_open", null, 0);
    static final StackFrame LIBC = new StackFrame(0x7f0000102000L, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x2000,
            "open64", null, 0);
    static final StackFrame NTDLL = new StackFrame(0x7ffa00001000L, "C:\\Windows\\System32\\ntdll.dll", 0x1000,
            "NtCreateEvent", null, 0);
    static final StackFrame KERNELBASE = new StackFrame(0x7ffa10002000L, "C:\\Windows\\System32\\KERNELBASE.dll",
            0x2000, "CreateEventW", null, 0);
    static final StackFrame APP_OPEN = new StackFrame(0x401234, "/srv/app/leaky", 0x1234, "load_config",
            "/srv/app/config.c", 42);
    static final StackFrame APP_MAIN = new StackFrame(0x401000, "/srv/app/leaky", 0x1000, "main", "/srv/app/main.c", 7);
    static final StackFrame SERVICE = new StackFrame(0x140001500L, "C:\\svc\\service.exe", 0x1500, "Worker::poll",
            "C:\\src\\worker.cpp", 118);

    static LeakGroup fileGroup() {
        return new LeakGroup(3, 2, Map.of("file", 2), 1_000_000_000L, 2_500_000_000L,
                List.of(HOOK, LIBC, APP_OPEN, APP_MAIN),
                List.of(new LeakedHandle(5, "file", "/etc/leaky.conf", 1_000_000_000L, 101),
                        new LeakedHandle(6, "file", "/etc/leaky.conf", 2_500_000_000L, 101)));
    }

    static final StackFrame VENDOR = new StackFrame(0x180001000L, "C:\\svc\\vendor.dll", 0x1000, "Pool::grab",
            "C:\\vendor\\pool.cpp", 9);

    /** An Event leaked through a third-party DLL between the OS and the user's code. */
    static LeakGroup vendorGroup() {
        return new LeakGroup(11, 1, Map.of("Event", 1), 500_000_000L, 500_000_000L,
                List.of(NTDLL, KERNELBASE, VENDOR, SERVICE),
                List.of(new LeakedHandle(0x1a4, "Event", null, 500_000_000L, 7)));
    }

    static LeakGroup eventGroup() {
        return new LeakGroup(9, 3, Map.of("Event", 2, "Mutant", 1), 500_000_000L, 4_000_000_000L,
                List.of(NTDLL, KERNELBASE, SERVICE),
                List.of(new LeakedHandle(0x1a4, "Event", null, 500_000_000L, 7),
                        new LeakedHandle(0x1a8, "Event", "\\BaseNamedObjects\\Ready", 1_000_000_000L, 7),
                        new LeakedHandle(0x1b0, "Mutant", null, 4_000_000_000L, 9)));
    }

    static LeakReport report(TimeWindow w, Horizon h, LeakGroup... groups) {
        return new LeakReport(w, h, w.toNanos(), 4, List.of(groups));
    }
}
