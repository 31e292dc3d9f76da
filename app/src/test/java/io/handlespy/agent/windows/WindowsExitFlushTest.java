package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;

/**
 * A program that exits while the agent's writer is blocked on a helper that
 * reads slowly (a loaded machine): every event it made still reaches the
 * recording. The helper is stopped (SIGSTOP) before the burst and resumed
 * 3 s after the program began to exit, longer than the exiting thread waits
 * for the writer to step aside; before the writer could step aside in the
 * middle of a write, the chunk it held was lost with it.
 */
@ExtendWith(Wine.class)
class WindowsExitFlushTest {

    private static final int EVENTS = 60_000;

    @Test
    void eventsBufferedWhenTheProgramExitsReachTheRecording(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin"), go = dir.resolve("go"), done = dir.resolve("done");
        Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-burst")), String.valueOf(EVENTS), Wine.windowsPath(go),
            Wine.windowsPath(done)));
        try {
            waitFor(() -> Files.exists(out) && Recorded.readSoFar(out).hooksInstalled(), "the hooks went in");
            signal("STOP", injector);
            Files.createFile(go);
            waitFor(() -> Files.exists(done), "win-burst.exe made its events");
            Thread.sleep(3000);
            signal("CONT", injector);
            InjectorRun run = InjectorRun.finish(injector, 120);

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(7);
            Recorded r = Recorded.read(out);
            long events = r.all(Frame.Create.class).stream().filter(c -> r.typeName(c.type()).equals("Event")).count();
            long dropped = r.all(Frame.Dropped.class).stream().mapToLong(Frame.Dropped::count).sum();
            assertThat(dropped).isZero();
            assertThat(events).isEqualTo(EVENTS);
            assertThat(r.all(Frame.Note.class)).extracting(Frame.Note::text).noneMatch(t -> t.contains("ended inside a frame"));
        } finally {
            signal("CONT", injector);
            injector.destroyForcibly();
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, String what) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    /** The Wine helper is one Linux process: `wine` execs the loader in place, so the pid is the one started. */
    private static void signal(String name, Process p) throws Exception {
        if (!p.isAlive()) return;
        new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).inheritIO().start().waitFor();
    }
}
