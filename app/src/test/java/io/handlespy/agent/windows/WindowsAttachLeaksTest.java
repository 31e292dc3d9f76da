package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;

/**
 * win-leaks.exe started on its own under Wine, then attached to by its Windows
 * PID: the same exact leaks as in launch mode, the handles it had open before
 * come as SNAPSHOT, and after the control file appears the helper detaches
 * while the target keeps running.
 */
@ExtendWith(Wine.class)
class WindowsAttachLeaksTest {

    @Test
    void attachByPidFindsEveryLeakThenDetachesAndLeavesTheTargetRunning(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path go = dir.resolve("go"), hold = dir.resolve("hold"), control = dir.resolve("control"), out = dir.resolve("events.bin");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("attach", Long.toString(pid),
                "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
            Target.awaitHooks(out, injector, 120);
            Target.touch(go);
            target.awaitLine("leaked", 120);
            Target.touch(control);
            InjectorRun run = InjectorRun.finish(injector, 120);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            Recorded r = Recorded.read(out);
            assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
            assertThat(((Frame.Hello) r.frames().getFirst()).pid()).isEqualTo(pid);
            assertThat(r.all(Frame.Snapshot.class)).isNotEmpty();
            assertThat(WindowsLaunchLeaksTest.programLeaks(r, wine)).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());

            assertThat(target.isAlive()).isTrue();
            Target.touch(hold);
            assertThat(target.awaitExit(60)).isEqualTo(3);
        }
    }
}
