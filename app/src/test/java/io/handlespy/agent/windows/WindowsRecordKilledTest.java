package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.cli.CliRun;

/**
 * {@code handlespy record --wine --pid} in a JVM of its own, killed while it
 * records. Terminated (SIGTERM, Ctrl-C), it detaches and finalizes the file;
 * killed outright (SIGKILL), its helper notices that the app is gone and
 * detaches by itself. Either way no helper is left behind, and the target
 * runs on, unhooked, to its normal exit.
 */
@ExtendWith(Wine.class)
class WindowsRecordKilledTest {

    @Test
    void terminatedRecordDetachesFinalizesAndLeavesNoHelper(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("killed.mv.db");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--wait-hooked", "--hold", Wine.windowsPath(dir.resolve("hold"))))) {
            long pid = target.windowsPid();
            Process record = record(pid, recording);
            target.awaitLine("leaked", 120);
            Thread.sleep(1000);   // the helper relays what the target made
            assertThat(helpersAttachedTo(pid)).hasSize(1);
            record.destroy();
            assertThat(record.waitFor(60, TimeUnit.SECONDS)).as("record ended on SIGTERM").isTrue();
            assertThat(helpersAttachedTo(pid)).as("helpers left attached to %d", pid).isEmpty();

            CliRun info = CliRun.of("info", recording.toString(), "--format", "json");
            assertThat(info.exitCode()).as(info.err()).isZero();
            assertThat(info.out()).contains("\"complete\"");
            assertTargetRunsOnUnhooked(target, dir);
        }
    }

    @Test
    void killedRecordsHelperDetachesByItself(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--wait-hooked", "--hold", Wine.windowsPath(dir.resolve("hold"))))) {
            long pid = target.windowsPid();
            Process record = record(pid, dir.resolve("killed9.mv.db"));
            target.awaitLine("leaked", 120);
            assertThat(helpersAttachedTo(pid)).hasSize(1);
            record.destroyForcibly();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!helpersAttachedTo(pid).isEmpty() && System.nanoTime() < end) Thread.sleep(200);
            assertThat(helpersAttachedTo(pid)).as("helpers left attached to %d after record was killed", pid).isEmpty();
            assertTargetRunsOnUnhooked(target, dir);
        }
    }

    private static Process record(long pid, Path recording) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "-Dhandlespy.native.dir=" + System.getProperty("handlespy.native.dir"), "io.handlespy.Main",
            "record", "--wine", "--pid", Long.toString(pid), "--out", recording.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Linux processes of the Windows helper attached to this Windows pid (their /proc command lines). */
    private static List<Long> helpersAttachedTo(long windowsPid) {
        String wanted = "handlespy-injector.exe\0attach\0" + windowsPid + "\0";
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.ISO_8859_1).contains(wanted);
            } catch (IOException | UncheckedIOException gone) {
                return false;
            }
        }).toList();
    }

    /** The hooks are gone from ntdll (the program checks), and it exits with its own code. */
    private static void assertTargetRunsOnUnhooked(Target target, Path dir) throws Exception {
        assertThat(target.isAlive()).isTrue();
        Target.touch(dir.resolve("hold"));
        assertThat(target.awaitLine("ntdll ", 60)).isEqualTo("ntdll original");
        assertThat(target.awaitExit(60)).isEqualTo(3);
    }
}
