package io.handlespy.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Lists the processes HandleSpy can attach to: Linux processes, or Windows
 * processes (on a Windows host, or under Wine on Linux).
 */
public final class ProcessLister {
    private final NativeLocator natives;

    public ProcessLister(NativeLocator natives) {
        this.natives = natives;
    }

    /** Processes of this Linux machine, by PID. */
    public List<TargetProcess> linux() {
        Path proc = Path.of("/proc");
        return ProcessHandle.allProcesses()
            .map(h -> {
                ProcessHandle.Info info = h.info();
                Path dir = proc.resolve(Long.toString(h.pid()));
                String name = readFirstLine(dir.resolve("comm"));
                String cmd = info.commandLine().orElse(name);
                return new TargetProcess(h.pid(), name, elfArch(dir.resolve("exe")), info.user().orElse("?"),
                    countEntries(dir.resolve("fd")), cmd, TargetPlatform.LINUX_X64);
            })
            .sorted(Comparator.comparingLong(TargetProcess::pid))
            .toList();
    }

    /**
     * Windows processes with their Windows PIDs: this machine's on a Windows host,
     * Wine's on Linux (what attach takes with --wine there).
     */
    public List<TargetProcess> windows() throws CaptureException {
        return windows(HelperRunner.forWindowsHelper());
    }

    /** Windows processes as {@code runner} sees them: under Wine, only those of its prefix. */
    public List<TargetProcess> windows(HelperRunner runner) throws CaptureException {
        Path injector = natives.injector(TargetPlatform.WINDOWS_X64);
        ProcessBuilder pb = runner.processBuilder(runner.command(injector, List.of("ps")));
        try {
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new CaptureException(CaptureException.Reason.FAILED,
                    "listing Windows processes failed" + (err.isEmpty() ? "" : ": " + err));
            }
            return parseWinePs(out);
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Reason.HELPER_MISSING, runner.cannotStart(injector, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException(CaptureException.Reason.FAILED, "interrupted while listing Windows processes", e);
        }
    }

    /** Parses the Windows helper's {@code ps} lines: pid, arch, user, handle count, name, command line. */
    static List<TargetProcess> parseWinePs(String text) {
        List<TargetProcess> list = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String[] f = line.split("\t", 6);
            if (f.length < 5) continue;
            try {
                String arch = f[1].strip();
                list.add(new TargetProcess(Long.parseLong(f[0].strip()), f[4].strip(), arch, f[2].strip(),
                    Long.parseLong(f[3].strip()), f.length > 5 ? f[5].strip() : f[4].strip(),
                    TargetPlatform.windows(arch)));
            } catch (NumberFormatException ignored) {
                // A header or damaged line: the rest of the listing is still useful.
            }
        }
        return list;
    }

    private static String readFirstLine(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static long countEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private static String elfArch(Path exe) {
        try (InputStream in = Files.newInputStream(exe)) {
            byte[] h = in.readNBytes(5);
            if (h.length == 5 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F') {
                return h[4] == 2 ? "x64" : "x86";
            }
        } catch (IOException | SecurityException e) {
            return "?";
        }
        return "?";
    }
}
