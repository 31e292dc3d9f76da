package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM (this test's own JDK, from /usr/lib/jvm) attached by PID: the files Java code leaks, by path. */
class LinuxJvmTest {
    @TempDir Path dir;
    private Process target;

    @AfterEach
    void stopTarget() {
        if (target != null) target.destroyForcibly();
    }

    @Test
    void attachedJvmLeaksExactlyTheSevenFilesByPathAndTheRecordingSaysJavaFramesAreNotShown() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        target = new ProcessBuilder(java, LinuxAgent.program("JvmLeak.java"), files.toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8);
        LinuxAgent.awaitLine(out, "ready"::equals);

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = LinuxAgent.start(List.of(LinuxAgent.INJECTOR.toString(), "attach", Long.toString(target.pid()),
            "--output", events.toString(), "--control", control.toString()), events, Map.of());
        LinuxAgent.awaitFrame(events, f -> f instanceof Frame.Sample, 30_000);
        in.write("go\n");
        in.flush();
        LinuxAgent.awaitLine(out, "done"::equals);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, Integer> leaked = new TreeMap<>();
        LeakTally.of(run.frames()).leaks().stream().filter(l -> l.name().startsWith(files.toString()))
            .forEach(l -> leaked.merge(l.name(), 1, Integer::sum));
        Map<String, Integer> seven = new TreeMap<>();
        IntStream.range(0, 7).forEach(i -> seven.put(files.resolve("jleak-" + i).toString(), 1));
        assertThat(leaked).isEqualTo(seven);
        assertThat(run.all(Frame.Note.class)).anyMatch(n -> n.text().startsWith("the target is a Java virtual machine"));
        in.close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }
}
