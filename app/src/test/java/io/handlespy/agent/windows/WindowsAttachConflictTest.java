package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;

/**
 * A second HandleSpy attaching to a process that is already being recorded
 * is refused without touching the first one's hooks, whether it is the same
 * installation (same DLL) or another one (a second copy of the DLL, which
 * finds ntdll's stubs already patched). And a launch that fails after the
 * program was created never leaves it suspended.
 */
@ExtendWith(Wine.class)
class WindowsAttachConflictTest {

    @Test
    void secondAttachesAreRefusedAndTheFirstRecordsOn(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path go = dir.resolve("go"), hold = dir.resolve("hold"), control = dir.resolve("control"), out = dir.resolve("first.bin");
        Path copy = Files.createDirectories(dir.resolve("other-install"));
        Path injector = Binaries.X64.injector();
        Files.copy(injector, copy.resolve("handlespy-injector.exe"));
        Files.copy(injector.resolveSibling("handlespy-hook.dll"), copy.resolve("handlespy-hook.dll"));
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            Process first = InjectorRun.start(wine, injector, List.of("attach", Long.toString(pid),
                "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
            Target.awaitHooks(out, first, 120);

            InjectorRun same = InjectorRun.run(wine, injector, List.of("attach", Long.toString(pid),
                "--output", Wine.windowsPath(dir.resolve("same.bin"))), 120);
            assertThat(same.exitCode()).isEqualTo(5);
            assertThat(same.stderr()).contains("already being recorded by another HandleSpy session");

            InjectorRun other = InjectorRun.run(wine, copy.resolve("handlespy-injector.exe"), List.of("attach",
                Long.toString(pid), "--output", Wine.windowsPath(dir.resolve("other.bin"))), 120);
            assertThat(other.exitCode()).isEqualTo(5);
            assertThat(other.stderr()).contains("already patched by another tool");

            Target.touch(go);
            target.awaitLine("leaked", 120);
            Target.touch(control);
            InjectorRun run = InjectorRun.finish(first, 120);
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            Recorded r = Recorded.read(out);
            assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
            assertThat(WindowsLaunchLeaksTest.programLeaks(r, wine)).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());

            Target.touch(hold);
            assertThat(target.awaitLine("ntdll ", 60)).isEqualTo("ntdll original");
            assertThat(target.awaitExit(60)).isEqualTo(3);
        }
    }

    @Test
    void aLaunchThatFailsAfterCreatingTheProgramEndsIt(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path lonely = Files.createDirectories(dir.resolve("no-dll"));
        Files.copy(Binaries.X64.injector(), lonely.resolve("handlespy-injector.exe"));
        String marker = "never-ran-" + ProcessHandle.current().pid();
        InjectorRun run = InjectorRun.run(wine, lonely.resolve("handlespy-injector.exe"), List.of("launch",
            "--output", Wine.windowsPath(dir.resolve("events.bin")), "--",
            Wine.windowsPath(Binaries.X64.testProgram("win-leaks")), "--hold", marker), 120);

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.stderr()).contains("handlespy-hook.dll is missing")
            .contains("has been ended before it ran");
        Thread.sleep(1000);
        assertThat(processesWith(marker)).as("the launched program, left suspended").isEmpty();
    }

    private static List<Long> processesWith(String argument) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.ISO_8859_1)
                    .contains(argument);
            } catch (IOException | UncheckedIOException gone) {
                return false;
            }
        }).toList();
    }
}
