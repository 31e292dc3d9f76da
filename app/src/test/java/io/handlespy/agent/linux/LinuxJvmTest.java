package io.handlespy.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.protocol.Frame;
import io.handlespy.store.TestRecordings;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM leaking 7 FileInputStreams from JvmLeak.leakFile, attached by PID (JDK 17) and launched (this test's
 * JDK, Temurin 25): the leaks are counted by path, and the leak stack names the Java frames from the JVM's perf
 * map, asked for when the recording stops.
 */
class LinuxJvmTest {
    private static final String JDK17_JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";
    /** Enough calls for a JIT to compile leakFile, compiled at once (-XX:-BackgroundCompilation). */
    private static final String WARM_UP = "3000";
    private static final List<String> COMPILED = List.of("-XX:+PreserveFramePointer", "-XX:-BackgroundCompilation");

    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    @Test
    void attachedJdk17CompiledLeakFileIsNamedInTheRecordingsLeakStack() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        BufferedReader out = startTarget(JDK17_JAVA, COMPILED, files, WARM_UP);
        Path recording = recordAttached(out, 6);

        List<String> stack = leakStack(recording, files);
        assertWholeNamedJavaStack(stack);
        assertThat(stack).contains("JvmLeak.leakFile", "java.io.FileInputStream.<init>");
        // the leak is placed in the user's method, past libjava and the JDK's classes
        assertThat(CliRun.ok("leaks", recording.toString()).out()).contains("JvmLeak.leakFile").doesNotContain("handleOpen");
        assertThat(CliRun.ok("info", recording.toString()).out()).contains("the target is a Java virtual machine",
            "Java frames named from the JVM's perf map");
        // neither the attach trigger nor the map the JVM wrote for HandleSpy is left behind
        assertThat(Path.of("/tmp/.attach_pid" + target.pid())).doesNotExist();
        assertThat(Path.of("/tmp/perf-" + target.pid() + ".map")).doesNotExist();
        target.in().close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    @Test
    void launchedTemurinCompiledLeakFileIsNamedAtDetach() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        LinuxAgent.Run run = launchUnderHelper(COMPILED, files, true);

        assertThat(run.all(Frame.CodeSymbol.class)).anyMatch(s -> s.name().contains("JvmLeak.leakFile(java.io.File)"));
        List<String> stack = leakStack(TestRecordings.record(dir.resolve("launched.mv.db"), run.frames()), files);
        assertWholeNamedJavaStack(stack);
        assertThat(stack).contains("JvmLeak.leakFile");
    }

    @Test
    void launchedTemurinRecordedUntilExitIsNamedFromTheMapItWritesAtExit() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        List<String> options = new ArrayList<>(COMPILED);
        options.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit"));
        LinuxAgent.Run run = launchUnderHelper(options, files, false);

        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.TARGET_EXIT);
        assertThat(run.all(Frame.Note.class)).anyMatch(n -> n.text().startsWith("Java frames named from the JVM's perf map"));
        List<String> stack = leakStack(TestRecordings.record(dir.resolve("launched.mv.db"), run.frames()), files);
        assertWholeNamedJavaStack(stack);
        assertThat(stack).contains("JvmLeak.leakFile");
    }

    /**
     * This test's JDK running JvmLeak with {@code options} under the helper's launch, stopped while the JVM runs
     * ({@code stopWhileRunning}) or recorded until it exits.
     */
    private LinuxAgent.Run launchUnderHelper(List<String> options, Path files, boolean stopWhileRunning)
        throws Exception {
        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        List<String> command = new ArrayList<>(List.of(LinuxAgent.INJECTOR.toString(), "launch", "--output",
            events.toString(), "--control", control.toString(), "--",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of(LinuxAgent.program("JvmLeak.java"), files.toString(), WARM_UP));
        Process injector = new ProcessBuilder(command)
            .redirectError(events.resolveSibling("events.bin.stderr").toFile()).start();
        target = RunningProgram.of(injector);
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, "ready"::equals);
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        if (stopWhileRunning) Files.createFile(control);
        else target.in().close();
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);
        if (stopWhileRunning) target.in().close();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    @Test
    void attachedInterpretedJvmShowsItsJavaFramesAsInterpreted() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        BufferedReader out = startTarget(JDK17_JAVA, List.of("-Xint"), files, "0");
        Path recording = recordAttached(out, 5);

        List<String> stack = leakStack(recording, files);
        assertWholeNamedJavaStack(stack);
        // open, <init>, leakFile and main at least, each run by the interpreter, entered through the JVM's call stub
        List<String> java = stack.subList(2, indexOfPrefix(stack, "libjvm.so!JavaCalls::call_helper"));
        assertThat(java.getLast()).as(stack.toString()).startsWith("[JVM StubRoutines");
        assertThat(java.subList(0, java.size() - 1)).as(stack.toString()).hasSizeGreaterThanOrEqualTo(4)
            .containsOnly("[interpreted Java]");
        target.in().close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Attaches for {@code seconds}, lets the target leak ("go") while recorded, and returns the recording. */
    private Path recordAttached(BufferedReader out, int seconds) throws Exception {
        Path recording = dir.resolve("jvm.mv.db");
        CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() -> CliRun.ok("record", "--pid",
            Long.toString(target.pid()), "--out", recording.toString(), "--duration", Integer.toString(seconds)));
        LinuxCliTest.awaitHookLoaded(target.pid());
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        record.get(60, TimeUnit.SECONDS);
        return recording;
    }

    private BufferedReader startTarget(String java, List<String> options, Path files, String warmUp) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of(LinuxAgent.program("JvmLeak.java"), files.toString(), warmUp));
        target = RunningProgram.start(command);
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, "ready"::equals);
        return out;
    }

    /**
     * The stack of the one leak group holding exactly the 7 streams on files/jleak-N, innermost first, each frame
     * as module!function (module file name only) or, outside every module, the function alone; "?" unnamed.
     */
    private static List<String> leakStack(Path recording, Path files) throws Exception {
        JsonNode leaks = new ObjectMapper().readTree(CliRun.ok("leaks", recording.toString(), "--format", "json").out());
        Map<String, Integer> byName = new TreeMap<>();
        List<JsonNode> groups = new ArrayList<>();
        for (JsonNode group : leaks.get("groups")) {
            boolean ours = false;
            for (JsonNode handle : group.get("handles")) {
                String name = handle.get("name").asText();
                if (name.startsWith(files.toString())) {
                    byName.merge(name, 1, Integer::sum);
                    ours = true;
                }
            }
            if (ours) groups.add(group);
        }
        Map<String, Integer> seven = new TreeMap<>();
        IntStream.range(0, 7).forEach(i -> seven.put(files.resolve("jleak-" + i).toString(), 1));
        assertThat(byName).isEqualTo(seven);
        assertThat(groups).hasSize(1);
        List<String> frames = new ArrayList<>();
        for (JsonNode f : groups.getFirst().get("stack")) {
            String function = f.path("function").isTextual() ? f.get("function").asText() : null;
            String module = f.path("module").isTextual() ? Path.of(f.get("module").asText()).getFileName().toString()
                : null;
            frames.add(function == null ? "?" : module == null ? function : module + "!" + function.replaceFirst("\\(.*", ""));
        }
        return frames;
    }

    /** From libjava's C code through the Java frames, each named, to the JVM's call into Java and the thread start. */
    private static void assertWholeNamedJavaStack(List<String> stack) {
        assertThat(stack.getFirst()).as(stack.toString()).isEqualTo("libjava.so!handleOpen");
        assertThat(stack.get(1)).as(stack.toString()).isEqualTo("libjava.so!fileOpen");
        int javaCalls = indexOfPrefix(stack, "libjvm.so!JavaCalls::call_helper");
        assertThat(javaCalls).as(stack.toString()).isPositive();
        assertThat(stack.getLast()).as(stack.toString()).isEqualTo("libc.so.6!clone3");
        assertThat(stack.subList(2, javaCalls)).as(stack.toString()).isNotEmpty().doesNotContain("?");
    }

    private static int indexOfPrefix(List<String> stack, String prefix) {
        return IntStream.range(0, stack.size()).filter(i -> stack.get(i).startsWith(prefix)).findFirst().orElse(-1);
    }


}
