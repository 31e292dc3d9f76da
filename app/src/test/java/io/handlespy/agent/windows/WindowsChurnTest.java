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

/** Four threads churning events while a fifth leaks 25: nothing lost, nothing invented, the target undisturbed. */
@ExtendWith(Wine.class)
class WindowsChurnTest {
    private static final int ITERATIONS = 1500;
    private static final int CHURNERS = 4;

    private static Map<String, Integer> leaks(Recorded r, Wine.Prefix wine) {
        return LeakTable.byFunction(r, "win-churn.exe", new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()));
    }

    private static long eventCreates(Recorded r) {
        return r.all(Frame.Create.class).stream().filter(c -> r.typeName(c.type()).equals("Event")).count();
    }

    @Test
    void launchedChurnKeepsStdoutAndExitCodeAndFindsExactlyTheLeaks(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-churn")), Integer.toString(ITERATIONS)), 300);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(7);
        assertThat(run.stdout()).matches("(?s)pid \\d+\\r?\\nchurned 4 x 1500, leaked 25\\r?\\n");
        Recorded r = Recorded.read(out);
        assertThat(r.all(Frame.Dropped.class)).isEmpty();
        assertThat(leaks(r, wine)).isEqualTo(Map.of("leak_while_others_churn Event", 25));
        assertThat(eventCreates(r)).isGreaterThanOrEqualTo(CHURNERS * ITERATIONS + 25);
    }

    @Test
    void detachDuringTheRunLeavesTheTargetRunningAndCounting(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path go = dir.resolve("go"), hold = dir.resolve("hold"), control = dir.resolve("control"), out = dir.resolve("events.bin");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-churn"),
                List.of(Integer.toString(ITERATIONS), "--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("attach", Long.toString(pid),
                "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
            Target.awaitHooks(out, injector, 120);
            Target.touch(go);
            assertThat(target.awaitLine("churned", 300)).isEqualTo("churned 4 x 1500, leaked 25");
            target.awaitLine("holding", 60);
            Target.touch(control);
            InjectorRun run = InjectorRun.finish(injector, 120);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            Recorded r = Recorded.read(out);
            assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason, Frame.Goodbye::message)
                .containsExactly(1, "detached");
            assertThat(r.all(Frame.Dropped.class)).isEmpty();
            Map<String, Integer> leaks = leaks(r, wine);
            assertThat(leaks).isEqualTo(Map.of("leak_while_others_churn Event", 25));

            assertThat(target.isAlive()).isTrue();
            Target.touch(hold);
            target.awaitLine("released", 60);
            assertThat(target.awaitExit(60)).isEqualTo(7);
        }
    }
}
