package io.handlespy.ui.source;

import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.ProcessLister;
import io.handlespy.capture.TargetProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    @Override
    public List<ProcessEntry> list(boolean underWine) throws Exception {
        List<TargetProcess> list = underWine || Host.isWindows() ? lister.windows() : lister.linux();
        return list.stream().map(p -> new ProcessEntry(p.pid(), p.name(), p.arch(), p.user(), p.handleCount(),
                p.commandLine(), p.platform().isWindows())).toList();
    }

    @Override
    public boolean wineAvailable() { return wine; }
}
