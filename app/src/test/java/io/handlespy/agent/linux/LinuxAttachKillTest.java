package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper is killed with SIGKILL at each stage of an attach (HANDLESPY_TEST_ATTACH_PAUSE stops it there): the
 * target lives on with every register it held (fpstate checks its SSE registers across the blocking read the attach
 * borrowed), can be recorded again, and exits normally.
 */
class LinuxAttachKillTest {
    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    @ParameterizedTest
    @ValueSource(strings = {"interrupted", "started", "in-call", "returned"})
    void aHelperKilledDuringTheAttachLeavesTheTargetIntactAndRecordable(String stage) throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fpstate"));
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path killed = dir.resolve("killed.bin");
        Process helper = LinuxAgent.start(attachCommand(killed, null), killed,
            Map.of("HANDLESPY_TEST_ATTACH_PAUSE", stage));
        Path helperErr = killed.resolveSibling("killed.bin.stderr");
        awaitText(helperErr, "paused at " + stage);
        helper.destroyForcibly();
        assertThat(helper.waitFor(10, TimeUnit.SECONDS)).isTrue();

        target.send("");
        assertThat(LinuxAgent.awaitLine(out, l -> true)).isEqualTo("intact");
        assertThat(target.isAlive()).isTrue();

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process again = LinuxAgent.start(attachCommand(events, control), events, Map.of());
        LinuxAgent.awaitFrame(events, f -> f instanceof Frame.Sample, 30_000);
        target.send("");
        assertThat(LinuxAgent.awaitLine(out, l -> true)).isEqualTo("intact");
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(again, events, 30);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);

        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    private List<String> attachCommand(Path output, Path control) {
        return LinuxAgent.attachCommand(target.pid(), output, control);
    }

    private static void awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the helper never said: " + text);
    }
}
