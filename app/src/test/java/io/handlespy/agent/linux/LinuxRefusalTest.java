package io.handlespy.agent.linux;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Clear refusals with the documented exit codes, one sentence on stderr. */
class LinuxRefusalTest {
    @TempDir Path dir;
    private Process target;

    @AfterEach
    void stopTarget() {
        if (target != null) target.destroyForcibly();
    }

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

        target = new ProcessBuilder(LinuxAgent.program("static-target"), "--wait").start();
        new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
        LinuxAgent.Run attach = injector("attach", Long.toString(target.pid()));
        assertThat(attach.exitCode()).isEqualTo(4);
        assertThat(attach.stderr()).contains("static binary").hasLineCount(1);
        assertThat(target.isAlive()).isTrue();
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
        target = new ProcessBuilder(LinuxAgent.program("exitmid"), "--forever").start();
        new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            LinuxAgent.INJECTOR.toString(), "attach", Long.toString(target.pid())).start();
        String stderr = LinuxAgent.text(p.getErrorStream());
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(stderr).contains("runs as another user").contains("run HandleSpy as that user or as root")
            .hasLineCount(1);
        assertThat(target.isAlive()).isTrue();
    }
}
