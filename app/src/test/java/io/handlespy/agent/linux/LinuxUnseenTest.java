package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent cannot see, it says: in a NOTE the recording keeps. */
class LinuxUnseenTest {
    @TempDir Path dir;

    @Test
    void aGoProgramIsRecordedWithANoteThatItsOwnDescriptorsAreNotSeen() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("goleak"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.all(Frame.Note.class)).anyMatch(n -> n.level() == Frame.Note.WARNING
            && n.text().equals(LinuxAgent.program("goleak") + " is a Go program: the Go runtime makes its own system "
                + "calls, so descriptors Go code opens and closes (os, net) are not seen; only those of C code it calls "
                + "through cgo are. The OS count is recorded"));
    }

    @Test
    void aSystemCallMadeThroughSyscallThatTheAgentDoesNotKnowIsNotedOnce() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("morecalls"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.all(Frame.Note.class)).filteredOn(n -> n.text().contains("through syscall()"))
            .extracting(Frame.Note::text).containsExactly("the program makes system call 32 through syscall(); "
                + "descriptors it creates or closes that way are not seen");
    }

    @Test
    void aProgramUsingIoUringIsRecordedWithANoteThatWhatItsRequestsDoIsNotSeen() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("uring"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.all(Frame.Note.class)).filteredOn(n -> n.text().startsWith("the target uses io_uring"))
            .hasSize(1).allMatch(n -> n.level() == Frame.Note.WARNING);
    }
}
