package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads, signals inside hooked calls, fork/exec, a target that dies mid-recording. */
class LinuxStressTest {
    @TempDir Path dir;

    @Test
    void eightThreadsChurningFindOnlyTheSlowLeakAndTrackedCountMatchesProc() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("churn"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("slow_leak", 5));
        assertThat(tally.creates()).isEqualTo(8 * 20_000 + 5);
        assertThat(tally.closes()).isEqualTo(8 * 20_000);
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(tally.dropped()).isZero();
        assertThat(sampleAfterLastEvent(run.frames())).isEqualTo(tally.openCount());
    }

    /** The first OS count sampled after the last descriptor event: the state the events ended in. */
    private static long sampleAfterLastEvent(List<Frame> frames) {
        int last = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f instanceof Frame.Create || f instanceof Frame.Close || f instanceof Frame.Duplicate) last = i;
        }
        return frames.subList(last, frames.size()).stream().filter(Frame.Sample.class::isInstance)
            .map(Frame.Sample.class::cast).findFirst().orElseThrow().osHandleCount();
    }

    @Test
    void signalHandlersRunningDuringHookedCallsAreRecordedAndNothingHangs() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("sigstorm"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("leak_in_storm", 3));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(run.all(Frame.Create.class)).filteredOn(c -> c.type() == 68).hasSizeGreaterThan(3);
    }

    @Test
    void forkedAndExecedChildrenAreNotRecordedAndExecClosesCloexecDescriptors() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("forkexec"), "--reexec");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(7);
        assertThat(run.goodbye().message()).isEqualTo("exit code 7");
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("parent_leak", 2, "before_exec", 1, "after_exec", 1));
        assertThat(run.all(Frame.Close.class)).filteredOn(c -> c.api() == 31).hasSize(2);
        assertThat(run.all(Frame.Hello.class)).hasSize(1);
    }

    @Test
    void targetExitingMidRecordingFinalizesTheStreamWithItsExitCode() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("exitmid"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.TARGET_EXIT);
        assertThat(run.goodbye().message()).isEqualTo("exit code 3");
        assertThat(LeakTally.of(run.frames()).leaksByFunction())
            .isEqualTo(Map.of("leak_then_exit", 2, "block_in_accept", 1));
    }
}
