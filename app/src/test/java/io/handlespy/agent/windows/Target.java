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
 * A Windows test program running under Wine on its own (to be attached to),
 * with its stdout lines collected as they come.
 */
public final class Target implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Target(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line.strip());
            } catch (IOException e) {
                lines.add("(stdout closed: " + e.getMessage() + ")");
            }
        });
    }

    public static Target start(Wine.Prefix wine, Path program, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("wine", program.toString()));
        cmd.addAll(args);
        return new Target(wine.builder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Waits for a stdout line starting with {@code prefix} and returns it. */
    public String awaitLine(String prefix, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (String s : seen) if (s.startsWith(prefix)) return s;
        while (System.nanoTime() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) continue;
            seen.add(line);
            if (line.startsWith(prefix)) return line;
        }
        throw new AssertionError("no line starting with \"" + prefix + "\" within " + seconds + " s; saw " + seen);
    }

    /** The Windows process id the program printed as its first line. */
    public long windowsPid() throws InterruptedException {
        return Long.parseLong(awaitLine("pid ", 60).substring(4));
    }

    public boolean isAlive() { return process.isAlive(); }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("the target did not exit within " + seconds + " s");
        return process.exitValue();
    }

    public static void touch(Path p) throws IOException {
        Files.writeString(p, "");
    }

    /** Polls a growing frame file until the agent reports its hooks installed. */
    public static Recorded awaitHooks(Path events, Process injector, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(events)) {
                Recorded r = Recorded.readSoFar(events);
                if (r.hooksInstalled()) return r;
            }
            if (!injector.isAlive()) {
                throw new AssertionError("the injector exited with " + injector.exitValue() + ": "
                    + new String(injector.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent did not install its hooks within " + seconds + " s");
    }

    /**
     * Attaches the helper to this program (started with {@code --go GO}), lets it run
     * past its leaks once the hooks are in, detaches and returns what was recorded;
     * the helper must have ended cleanly.
     */
    public Recorded attachWhileItLeaks(Wine.Prefix wine, Path go, Path dir) throws Exception {
        Path control = dir.resolve("control"), out = dir.resolve("events.bin");
        Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("attach", Long.toString(windowsPid()),
            "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
        awaitHooks(out, injector, 120);
        touch(go);
        awaitLine("leaked", 120);
        touch(control);
        InjectorRun run = InjectorRun.finish(injector, 120);
        if (run.exitCode() != 0) throw new AssertionError("the helper exited with " + run.exitCode() + ": " + run.stderr());
        return Recorded.read(out);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
