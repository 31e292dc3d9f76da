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
        Path go = dir.resolve("go"), hold = dir.resolve("hold");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            Recorded r = target.attachWhileItLeaks(wine, go, dir);
            assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
            assertThat(((Frame.Hello) r.frames().getFirst()).pid()).isEqualTo(pid);
            // under Wine 8 the snapshot comes from SystemExtendedHandleInformation, typed through ObjectTypesInformation
            assertThat(r.all(Frame.Snapshot.class)).isNotEmpty()
                .allSatisfy(s -> assertThat(r.types()).containsKey(s.type()))
                .anySatisfy(s -> assertThat(r.typeName(s.type())).isEqualTo("File"));
            assertThat(WindowsLaunchLeaksTest.programLeaks(r, wine)).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());

            assertThat(target.isAlive()).isTrue();
            reattachAndDetachAgain(wine, pid, dir);
            assertThat(target.isAlive()).isTrue();
            Target.touch(hold);
            assertThat(target.awaitExit(60)).isEqualTo(3);
        }
    }

    /** The DLL stays loaded after a detach; a second attach starts a complete new stream on it. */
    private static void reattachAndDetachAgain(Wine.Prefix wine, long pid, Path dir) throws Exception {
        Path out = dir.resolve("again.bin"), control = dir.resolve("control-again");
        Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("attach", Long.toString(pid),
            "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
        Target.awaitHooks(out, injector, 120);
        Target.touch(control);
        InjectorRun run = InjectorRun.finish(injector, 120);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Recorded r = Recorded.read(out);
        assertThat(r.types()).containsEntry(2, "Event").containsEntry(22, "Socket");
        assertThat(r.apis()).containsValue("NtCreateEvent");
        assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
        assertThat(r.all(Frame.ModuleLoad.class)).extracting(Frame.ModuleLoad::path)
            .anyMatch(p -> p.endsWith("win-leaks.exe"));
    }
}
