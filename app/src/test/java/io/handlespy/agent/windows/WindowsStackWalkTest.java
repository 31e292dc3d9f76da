package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.WinePaths;

/**
 * win-frames.exe calls the OS from under a function whose unwind data claims a
 * frame pointer it does not keep, as Go 1.22+ programs do. The agent's stack
 * walk must neither crash nor hang the target there: before the walk bounded
 * its reads, Wine's unwinder faulted on it, faulted again dispatching that
 * fault, and the target never finished.
 */
@ExtendWith(Wine.class)
class WindowsStackWalkTest {

    @Test
    void unwindDataThatLiesAboutItsFrameNeitherCrashesNorHangsTheTarget(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-frames"))), 90);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(4);
        assertThat(run.stdout()).contains("made 6 events");
        Recorded r = Recorded.read(out);
        assertThat(r.goodbye()).get().extracting(Frame.Goodbye::message).isEqualTo("exit code 4");
        Map<String, Integer> leaks = LeakTable.byFunction(r, "win-frames.exe",
            new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()));
        assertThat(leaks).containsEntry("make_event Event", 6);
    }
}
