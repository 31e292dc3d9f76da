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

/** win-leaks.exe launched under the x64 helper in Wine: every leak found, by function and type. */
@ExtendWith(Wine.class)
class WindowsLaunchLeaksTest {

    static Map<String, Integer> expectedLeaks() {
        Map<String, Integer> m = new TreeMap<>();
        m.put("leak_events Event", 3);
        m.put("leak_mutexes Mutant", 2);
        m.put("leak_semaphores Semaphore", 4);
        m.put("leak_files File", 2);
        m.put("leak_keys Key", 3);
        m.put("leak_process_tokens Token", 2);
        m.put("leak_duplicated_tokens Token", 2);
        m.put("leak_threads Thread", 2);
        m.put("leak_process_handles Process", 3);
        m.put("leak_sections Section", 2);
        m.put("leak_jobs Job", 1);
        m.put("leak_completion_ports IoCompletion", 2);
        m.put("leak_timers Timer", 2);
        m.put("leak_find_handles File", 2);
        m.put("leak_sockets Socket", 2);
        m.put("leak_duplicates Event", 3);
        m.put("leak_duplicates_closing_source Event", 2);
        return m;
    }

    /** Leaks in the test program's own functions, warm_up (library caches) aside. */
    static Map<String, Integer> programLeaks(Recorded r, Wine.Prefix wine) {
        Map<String, Integer> all = LeakTable.byFunction(r, "win-leaks.exe",
            new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()));
        Map<String, Integer> mine = new TreeMap<>(all);
        mine.keySet().removeIf(k -> k.startsWith("(elsewhere)") || k.startsWith("warm_up "));
        return mine;
    }

    @Test
    void launchFindsEveryLeakByFunctionAndType(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        Path program = Binaries.X64.testProgram("win-leaks");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(),
            List.of("launch", "--output", Wine.windowsPath(out), "--", Wine.windowsPath(program)), 180);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stdout()).contains("leaked");
        Recorded r = Recorded.read(out);
        assertThat(r.frames().getFirst()).isInstanceOf(Frame.Hello.class);
        assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason, Frame.Goodbye::message)
            .containsExactly(2, "exit code 3");
        assertThat(programLeaks(r, wine)).isEqualTo(expectedLeaks());
        assertThat(r.all(Frame.Dropped.class)).isEmpty();
    }
}
