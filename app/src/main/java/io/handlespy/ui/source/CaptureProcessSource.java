package io.handlespy.ui.source;

import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.ProcessLister;
import io.handlespy.capture.TargetProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link ProcessSource} over the capture layer's process listing. */
public final class CaptureProcessSource implements ProcessSource {
    private final ProcessLister lister;
    private final boolean wine;

    public CaptureProcessSource(NativeLocator natives) {
        this.lister = new ProcessLister(natives);
        this.wine = !Host.isWindows() && onPath("wine");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /**
     * Kernel threads and HandleSpy's own processes (this app, its helpers and what they started) are
     * left out: none of them can be recorded. Processes that exist but cannot be traced say why.
     */
    @Override
    public List<ProcessEntry> list(boolean underWine) throws Exception {
        return list(underWine, null);
    }

    @Override
    public List<ProcessEntry> list(boolean underWine, Path winePrefix) throws Exception {
        if (underWine || Host.isWindows()) {
            Path prefix = Host.isWindows() ? null : winePrefix;
            return lister.windows(HelperRunner.forWindowsHelper(prefix)).stream().map(p -> new ProcessEntry(p.pid(),
                    p.name(), p.arch(), p.user(), p.handleCount(), p.commandLine(), true, null, prefix)).toList();
        }
        Set<Long> own = new HashSet<>();
        own.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(h -> own.add(h.pid()));
        String me = System.getProperty("user.name", "");
        boolean root = "root".equals(me);
        return lister.linux().stream()
                .filter(p -> !own.contains(p.pid()) && !kernelThread(p.pid()))
                .map(p -> entry(p, whyNotLinux(p, me, root)))
                .toList();
    }

    private static ProcessEntry entry(TargetProcess p, String untraceable) {
        return new ProcessEntry(p.pid(), p.name(), p.arch(), p.user(), p.handleCount(), p.commandLine(),
                p.platform().isWindows(), untraceable);
    }

    /** Kernel threads are kthreadd (PID 2) and its children; they have no user space to hook. */
    static boolean kernelThread(long pid) {
        return pid == 2 || ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(h -> h.pid() == 2).orElse(false);
    }

    private static String whyNotLinux(TargetProcess p, String me, boolean root) {
        if (!root && !me.equals(p.user())) {
            return "owned by " + p.user() + ": only your own processes can be recorded (or run HandleSpy as root)";
        }
        if (p.arch().equals("x86")) return "a 32-bit program: HandleSpy records 64-bit Linux programs";
        return null;
    }

    @Override
    public boolean wineAvailable() { return wine; }
}
