package io.handlespy.agent.windows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wine for windowed programs: a prefix of its own (its wineserver and desktop
 * process get this DISPLAY, which the shared test prefix's may not have) on a
 * private Xvfb. Closing stops the prefix's Wine processes, then the X server.
 */
public final class GuiWine implements AutoCloseable {
    private final XvfbDisplay x;
    private final Wine.Prefix prefix;

    private GuiWine(XvfbDisplay x, Wine.Prefix prefix) {
        this.x = x;
        this.prefix = prefix;
    }

    public static GuiWine start() throws IOException, InterruptedException {
        XvfbDisplay x = XvfbDisplay.start();
        Path repo = Path.of(System.getProperty("handlespy.repo.dir", "."));
        GuiWine w = new GuiWine(x, new Wine.Prefix(repo.resolve("target/wineprefix-gui").toAbsolutePath()));
        Files.createDirectories(w.prefix.dir());
        if (!Files.exists(w.prefix.dir().resolve("system.reg"))) w.run(List.of("wineboot", "-i"), 300);
        return w;
    }

    /** The prefix, for the paths inside it (symbol lookup); start Wine processes with {@link #builder}. */
    public Wine.Prefix prefix() { return prefix; }

    public ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = prefix.builder(command);
        pb.environment().put("DISPLAY", x.display());
        return pb;
    }

    public Process wine(Path exe, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("wine", exe.toString()));
        cmd.addAll(args);
        return builder(cmd).start();
    }

    /** Lines a process prints, read as they come. */
    public static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        public Lines(Process p) {
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) queue.add(line.strip());
                } catch (IOException e) {
                    queue.add("(stdout closed: " + e.getMessage() + ")");
                }
            });
        }

        public String await(String prefix, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (String s : seen) if (s.startsWith(prefix)) return s;
            while (System.nanoTime() < end) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) continue;
                seen.add(line);
                if (line.startsWith(prefix)) return line;
            }
            throw new AssertionError("no line starting with \"" + prefix + "\" within " + seconds + " s; saw " + seen);
        }
    }

    private void run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process p = builder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + seconds + " s");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of("wineserver", "-k"), 60);
        } finally {
            x.close();
        }
    }
}
