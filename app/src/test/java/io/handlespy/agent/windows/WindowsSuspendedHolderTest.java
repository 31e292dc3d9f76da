package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;

/**
 * A thread suspended while it holds the agent's ring lock (a debugger, a dump
 * writer, the Go runtime's preemption) must not hang every other hooked call.
 * Before the lock's wait was bounded, both programs here hung.
 */
@ExtendWith(Wine.class)
class WindowsSuspendedHolderTest {

    /** The DLL's own recording code: the producer is caught holding the lock three times. */
    @Test
    void hookedCallsGiveUpOnALockItsSuspendedHolderKeeps(Wine.Prefix wine) throws Exception {
        Process p = wine.builder(List.of("wine", Binaries.X64.testProgram("win-hook-lock").toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("win-hook-lock.exe finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).matches("rounds \\d+ emitted \\d+ stalled 3");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The whole agent: a thread making handles, suspended over and over by another that makes its own. */
    @Test
    void aProgramThatSuspendsItsOwnThreadsRunsToItsEndUnderTheAgent(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-suspend")), "3000"), 120);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(5);
        assertThat(run.stdout()).contains("done 3000");
        Recorded r = Recorded.read(out);
        assertThat(r.goodbye()).get().extracting(Frame.Goodbye::message).isEqualTo("exit code 5");
        long events = r.all(Frame.Create.class).stream().filter(c -> r.typeName(c.type()).equals("Event")).count();
        long dropped = r.all(Frame.Dropped.class).stream().mapToLong(Frame.Dropped::count).sum();
        // 3000 by the main thread while the other was suspended, and the other's own
        assertThat(events + dropped).isGreaterThanOrEqualTo(3000);
    }
}
