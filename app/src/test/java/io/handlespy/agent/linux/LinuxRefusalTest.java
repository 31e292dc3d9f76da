package io.handlespy.agent.linux;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Clear refusals with the documented exit codes, one sentence on stderr. */
class LinuxRefusalTest {
    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    private LinuxAgent.Run injector(String... args) throws Exception {
        Path events = dir.resolve("events.bin");
        List<String> cmd = new java.util.ArrayList<>(List.of(LinuxAgent.INJECTOR.toString()));
        cmd.addAll(List.of(args));
        return LinuxAgent.finish(LinuxAgent.start(cmd, events, Map.of()), events, 30);
    }

    @Test
    void unknownPidIsExitCode3() throws Exception {
        LinuxAgent.Run run = injector("attach", "4194304"); // above the kernel's largest pid_max
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).contains("no process with PID 4194304").hasLineCount(1);
    }

    @Test
    void staticBinaryIsRefusedInBothModesWithExitCode4() throws Exception {
        LinuxAgent.Run launch = injector("launch", "--", LinuxAgent.program("static-target"));
        assertThat(launch.exitCode()).isEqualTo(4);
        assertThat(launch.stderr()).contains("static binary").hasLineCount(1);

        target = RunningProgram.start(LinuxAgent.program("static-target"), "--wait");
        target.out().readLine();
        LinuxAgent.Run attach = injector("attach", Long.toString(target.pid()));
        assertThat(attach.exitCode()).isEqualTo(4);
        assertThat(attach.stderr()).contains("static binary").hasLineCount(1);
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void a32BitProgramIsRefusedWithExitCode4() throws Exception {
        // An ELF32 identification is all the helper reads before refusing.
        byte[] elf32 = new byte[52];
        elf32[0] = 0x7f;
        elf32[1] = 'E';
        elf32[2] = 'L';
        elf32[3] = 'F';
        elf32[4] = 1; // ELFCLASS32
        elf32[5] = 1;
        elf32[6] = 1;
        Path program = dir.resolve("prog32");
        java.nio.file.Files.write(program, elf32);
        assertThat(program.toFile().setExecutable(true)).isTrue();

        LinuxAgent.Run run = injector("launch", "--", program.toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.stderr()).contains("32-bit program").hasLineCount(1);
    }

    @Test
    void badCommandLinesAreUsageErrors() throws Exception {
        assertThat(injector().exitCode()).isEqualTo(2);
        assertThat(injector("launch").exitCode()).isEqualTo(2);
        assertThat(injector("attach", "abc").exitCode()).isEqualTo(2);
        assertThat(injector("frobnicate", "1").exitCode()).isEqualTo(2);
    }

    @Test
    void programThatCannotBeFoundIsExitCode5() throws Exception {
        LinuxAgent.Run run = injector("launch", "--output", dir.resolve("x.bin").toString(), "--",
            dir.resolve("no-such-program").toString());
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.stderr()).contains("cannot find the program").hasLineCount(1);
    }

    @Test
    void attachingToAnotherUsersProcessAsAnUnprivilegedUserIsExitCode3WithTheReason() throws Exception {
        // Runs the helper as "nobody" against a process of ours (root in CI).
        target = RunningProgram.start(LinuxAgent.program("exitmid"), "--forever");
        target.out().readLine();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            LinuxAgent.INJECTOR.toString(), "attach", Long.toString(target.pid())).start();
        String stderr = LinuxAgent.text(p.getErrorStream());
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(stderr).contains("runs as another user").contains("run HandleSpy as that user or as root")
            .hasLineCount(1);
        assertThat(target.isAlive()).isTrue();
    }
}
