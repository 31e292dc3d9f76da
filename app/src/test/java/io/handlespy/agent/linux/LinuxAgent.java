package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the real Linux injector and test programs built by the Maven reactor. */
final class LinuxAgent {
    static final Path NATIVE = Path.of(System.getProperty("handlespy.native.dir", "target/native"), "linux-x86_64");
    static final Path PROGRAMS = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"),
        "linux-x86_64");
    static final Path INJECTOR = NATIVE.resolve("handlespy-injector");

    private LinuxAgent() {}

    static String program(String name) {
        return PROGRAMS.resolve(name).toString();
    }

    /** A finished injector run: its exit code, stderr, and every frame it wrote. */
    record Run(int exitCode, String stderr, List<Frame> frames) {
        <T extends Frame> List<T> all(Class<T> type) {
            return frames.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Frame.Goodbye goodbye() {
            List<Frame.Goodbye> g = all(Frame.Goodbye.class);
            if (g.size() != 1) throw new AssertionError("expected one GOODBYE, got " + g.size());
            return g.getFirst();
        }
    }

    static Process start(List<String> command, Path output, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(output.resolveSibling(output.getFileName() + ".stderr").toFile());
        return pb.start();
    }

    static Run finish(Process injector, Path output, long timeoutSeconds) throws Exception {
        if (!injector.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            injector.destroyForcibly();
            throw new AssertionError("injector did not finish in " + timeoutSeconds + " s");
        }
        String stderr = Files.readString(output.resolveSibling(output.getFileName() + ".stderr"));
        return new Run(injector.exitValue(), stderr, decode(output));
    }

    static Run launch(Path dir, Map<String, String> env, String... command) throws Exception {
        return launch(dir, env, List.of(), command);
    }

    /** Launches with extra injector options ({@code --drop}, {@code --close-stacks}). */
    static Run launch(Path dir, Map<String, String> env, List<String> options, String... command) throws Exception {
        Path output = dir.resolve("events.bin");
        return finish(start(launchCommand(output, options, command), output, env), output, 120);
    }

    static List<String> launchCommand(Path output, List<String> options, String... command) {
        List<String> cmd = new ArrayList<>(List.of(INJECTOR.toString(), "launch", "--output", output.toString()));
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** The helper's attach command line; without {@code control} the helper is stopped by killing it. */
    static List<String> attachCommand(long pid, Path output, Path control) {
        List<String> cmd = new ArrayList<>(List.of(INJECTOR.toString(), "attach", Long.toString(pid), "--output",
            output.toString()));
        if (control != null) cmd.addAll(List.of("--control", control.toString()));
        return cmd;
    }

    /** Attaches to {@code pid} and returns once the first OS sample shows it is recording. */
    static Process attach(long pid, Path output, Path control, long sampleWithinMillis) throws Exception {
        Process injector = start(attachCommand(pid, output, control), output, Map.of());
        awaitFrame(output, f -> f instanceof Frame.Sample, sampleWithinMillis);
        return injector;
    }

    static List<Frame> decode(Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        if (!Files.exists(file)) return frames;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            FrameDecoder d = new FrameDecoder(in);
            for (Frame f; (f = d.next()) != null; ) frames.add(f);
        }
        return frames;
    }

    /** Waits until the frames written so far to {@code file} contain one matching {@code p}. */
    static void awaitFrame(Path file, Predicate<Frame> p, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                if (decodePrefix(file).stream().anyMatch(p)) return;
            } catch (IOException e) {
                // the file is being written: try again
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching frame in " + file + " within " + timeoutMillis + " ms");
    }

    /** Waits until the frames written so far to {@code file} contain {@code count} matching {@code p}. */
    static void awaitFrames(Path file, Predicate<Frame> p, int count, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (decodePrefix(file).stream().filter(p).count() >= count) return;
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " matching frames in " + file + " within " + timeoutMillis + " ms");
    }

    private static List<Frame> decodePrefix(Path file) throws IOException {
        List<Frame> frames = new ArrayList<>();
        if (!Files.exists(file)) return frames;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            FrameDecoder d = new FrameDecoder(in);
            try {
                for (Frame f; (f = d.next()) != null; ) frames.add(f);
            } catch (IOException truncated) {
                return frames;
            }
        }
        return frames;
    }

    /** Reads lines of a child's stdout until one matches. */
    static String awaitLine(java.io.BufferedReader r, Predicate<String> p) throws IOException {
        for (String line; (line = r.readLine()) != null; ) {
            if (p.test(line)) return line;
        }
        throw new AssertionError("stream ended before the expected line");
    }

    static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
