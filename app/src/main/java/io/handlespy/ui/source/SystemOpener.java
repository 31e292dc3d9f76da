package io.handlespy.ui.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Opener} through the desktop's command: {@code xdg-open} on Linux,
 * {@code explorer} on Windows, {@code open} on macOS. Unlike JavaFX's
 * HostServices, which fails silently, it says when no handler exists.
 */
public final class SystemOpener implements Opener {
    /** How long a handler may take to hand over before it is taken to have started the application. */
    private static final long HANDOVER_SECONDS = 10;

    private final List<String> command;

    public SystemOpener(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static SystemOpener forThisDesktop() {
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Windows")) return new SystemOpener(List.of("explorer"));
        if (os.startsWith("Mac")) return new SystemOpener(List.of("open"));
        return new SystemOpener(List.of("xdg-open"));
    }

    @Override
    public void open(Path path) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(path.toAbsolutePath().toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed, so nothing can open " + path.toAbsolutePath(), e);
        }
        p.getOutputStream().close();
        if (!p.waitFor(HANDOVER_SECONDS, TimeUnit.SECONDS)) return;
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        // explorer.exe exits 1 even when it opened the folder.
        if (p.exitValue() != 0 && !command.get(0).equals("explorer")) {
            throw new IOException(command.get(0) + " could not open " + path.toAbsolutePath() + " (exit code "
                    + p.exitValue() + (said.isEmpty() ? ")" : "): " + said));
        }
    }
}
