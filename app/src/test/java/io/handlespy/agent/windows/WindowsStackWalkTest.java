package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.SymbolInfo;
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

    /** The walk remembers the stack of a call site it saw before; paths that share the site must stay apart. */
    @Test
    void pathsThatReachOneCallSiteAtTheSameDepthKeepTheirOwnStacks(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-samesite"))), 90);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("done");
        Map<String, Integer> paths = leaksByPath(Recorded.read(out), "win-samesite.exe",
            new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()), 3);
        assertThat(paths).isEqualTo(Map.of(
            "create_here<path_a<outer_c", 4,
            "create_here<path_a<outer_d", 3,
            "create_here<path_b<outer_e", 5));
    }

    /** Leaked handles counted by the innermost {@code depth} functions of {@code moduleName} on their stacks. */
    private static Map<String, Integer> leaksByPath(Recorded r, String moduleName, PeSymbolizer symbolizer, int depth) {
        ModuleRef module = r.all(Frame.ModuleLoad.class).stream()
            .filter(m -> m.path().toLowerCase(Locale.ROOT).endsWith("\\" + moduleName))
            .map(m -> new ModuleRef(m.path(), m.base(), m.size(), m.debugIdKind(), ""))
            .findFirst().orElseThrow();
        Map<Integer, List<Long>> inModule = new HashMap<>();
        r.all(Frame.Stack.class).forEach(s -> {
            List<Long> own = new ArrayList<>();
            for (long a : s.frames()) if (module.contains(a) && own.size() < depth) own.add(a);
            inModule.put(s.stackId(), own);
        });
        Map<Long, SymbolInfo> names = symbolizer.resolve(module,
            inModule.values().stream().flatMap(List::stream).distinct().toList());
        Map<String, Integer> counts = new TreeMap<>();
        for (LeakTable.Open o : LeakTable.stillOpen(r)) {
            List<String> path = inModule.getOrDefault(o.stackId(), List.of()).stream()
                .map(a -> names.containsKey(a) ? names.get(a).function() : "?").toList();
            if (!path.isEmpty() && path.get(0).equals("create_here")) counts.merge(String.join("<", path), 1, Integer::sum);
        }
        return counts;
    }
}
