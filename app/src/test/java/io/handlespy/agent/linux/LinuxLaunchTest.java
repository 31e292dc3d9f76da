package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Launch mode end to end: the real injector, the real hook library, fdleak. */
class LinuxLaunchTest {
    @TempDir Path dir;

    @Test
    void countsEveryLeakedKindPerFunctionAndNothingFromBalancedPaths() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Expected.of("fdleak"));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(tally.dropped()).isZero();
    }

    /** popen, mkstemp, shm_open, posix_openpt, openat2, pidfd_getfd, fanotify, userfaultfd, perf_event, recvmmsg,
     * closefrom and close_range over 1500 descriptors above 1023. */
    @Test
    void countsTheLessCommonCallsPerFunctionAndClosefromAndWideCloseRangesLeaveNothing() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("morecalls"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Expected.of("morecalls"));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(tally.dropped()).isZero();
    }

    @Test
    void leakedDescriptorsCarryTheirKind() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));

        Map<String, Integer> types = LeakTally.of(run.frames()).leakTypesByFunction();
        assertThat(types).containsEntry("leak_open", 64).containsEntry("leak_opendir", 65)
            .containsEntry("leak_socket", 66).containsEntry("leak_accept", 66).containsEntry("leak_pipe", 67)
            .containsEntry("leak_eventfd", 68).containsEntry("leak_timerfd", 69).containsEntry("leak_signalfd", 70)
            .containsEntry("leak_epoll", 71).containsEntry("leak_inotify", 72).containsEntry("leak_memfd", 73)
            .containsEntry("leak_pidfd", 74).containsEntry("leak_recvmsg", 68).containsEntry("leak_dup", 64)
            .containsEntry("leak_fopen", 64);
        assertThat(run.all(Frame.Create.class)).anyMatch(c -> c.name().equals("AF_INET/SOCK_DGRAM"))
            .anyMatch(c -> c.name().equals("memfd:handlespy-test"))
            .anyMatch(c -> c.name().equals("/dev/zero"));
    }

    @Test
    void streamStartsWithHelloAndDescribesTheProcess() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));

        Frame.Hello hello = (Frame.Hello) run.frames().getFirst();
        assertThat(hello.os()).isEqualTo(Frame.Hello.OS_LINUX);
        assertThat(hello.arch()).isEqualTo(Frame.Hello.ARCH_X64);
        assertThat(hello.clockFrequency()).isEqualTo(1_000_000_000L);
        assertThat(hello.imagePath()).isEqualTo(LinuxAgent.program("fdleak"));
        assertThat(run.all(Frame.Define.class)).contains(new Frame.Define(Frame.Define.TYPE, 68, "eventfd"),
            new Frame.Define(Frame.Define.API, 10, "eventfd"), new Frame.Define(Frame.Define.API, 29, "close"));
        assertThat(run.all(Frame.ModuleLoad.class))
            .anyMatch(m -> m.path().equals(hello.imagePath()) && m.debugIdKind() == Frame.ModuleLoad.DEBUG_ID_ELF_BUILD_ID
                && m.debugId().length == 20)
            .anyMatch(m -> m.path().endsWith("/libc.so.6"));
        assertThat(run.all(Frame.Snapshot.class)).extracting(Frame.Snapshot::handle).contains(0L, 1L, 2L);
        assertThat(run.all(Frame.Sample.class)).isNotEmpty().allMatch(s -> s.gdiCount() == Frame.Sample.UNAVAILABLE
            && s.userCount() == Frame.Sample.UNAVAILABLE && s.osHandleCount() >= 3);
        assertThat(run.goodbye()).isEqualTo(run.frames().getLast());
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.TARGET_EXIT);
        assertThat(run.goodbye().message()).isEqualTo("exit code 0");
    }

    @Test
    void theHooksOwnDescriptorsNeitherShowNorShiftTheTargetsNumbers() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));

        assertThat(run.all(Frame.Snapshot.class)).extracting(Frame.Snapshot::handle).containsExactly(0L, 1L, 2L);
        assertThat(run.all(Frame.Create.class).getFirst().handle()).isEqualTo(3L);
        assertThat(run.all(Frame.Sample.class).getFirst().osHandleCount()).isEqualTo(3);
    }

    @Test
    void stacksAreSentOnceBeforeTheirFirstUse() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));

        java.util.Set<Integer> sent = new java.util.HashSet<>();
        for (Frame f : run.frames()) {
            if (f instanceof Frame.Stack s) assertThat(sent.add(s.stackId())).as("stack %d sent twice", s.stackId()).isTrue();
            if (f instanceof Frame.Create c) assertThat(sent).contains(c.stackId());
            if (f instanceof Frame.Duplicate d) assertThat(sent).contains(d.stackId());
        }
    }
}
