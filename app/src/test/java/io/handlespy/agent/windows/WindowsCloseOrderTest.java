package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.WinePaths;

/**
 * win-closes.exe: a CloseHandle that fails (protected from close) must not
 * count as a close, and a value freed by DUPLICATE_CLOSE_SOURCE on one thread
 * and handed at once to a create on another must be closed before that
 * create in the stream, or the new handle is taken for closed. And the
 * duplicate hook leaves the caller's last error alone.
 */
@ExtendWith(Wine.class)
class WindowsCloseOrderTest {

    @Test
    void failedClosesAreNotClosesAndReusedValuesAreClosedFirst(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-closes"))), 120);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(6);
        assertThat(run.stdout()).contains("closes done").doesNotContain("a protected handle was closed");
        // the duplicate hook asks GetProcessId whose the process handles are; it fails on these, and must not show
        assertThat(run.stdout()).contains("last error kept");
        Recorded r = Recorded.read(out);
        assertThat(r.all(Frame.Dropped.class)).isEmpty();
        Map<String, Integer> leaks = new TreeMap<>(LeakTable.byFunction(r, "win-closes.exe",
            new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty())));
        leaks.keySet().removeIf(k -> !k.startsWith("leak_"));
        assertThat(leaks).isEqualTo(Map.of("leak_protected_events Event", 2, "leak_racing_events Event", 400));
    }
}
