package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Children of the recorded process: the ones sharing its memory, and the programs it becomes through exec. */
class LinuxChildrenTest {
    @TempDir Path dir;

    /** vfork, clone(CLONE_VM) with and without CLONE_VFORK, posix_spawn and popen children on the parent's TLS. */
    @Test
    void nothingAChildSharingTheParentsMemoryDoesIsRecordedAsTheParents() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("vmchild"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("before_children", 2, "after_children", 1));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(run.all(Frame.Duplicate.class)).isEmpty();
        assertThat(run.all(Frame.Create.class)).allMatch(c -> c.thread() == run.frames().stream()
            .filter(Frame.Hello.class::isInstance).map(f -> ((Frame.Hello) f).pid()).findFirst().orElseThrow());
    }
}
