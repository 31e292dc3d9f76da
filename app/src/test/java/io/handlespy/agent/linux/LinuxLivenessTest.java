package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing one thread does inside a hook holds back the others' events, and lossless mode loses nothing. */
class LinuxLivenessTest {
    private static final int EVENTFD = 68;

    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    @Test
    void aCloseBlockedInOneThreadHoldsBackNoOtherEventAndItsCancellationStallsNothing() throws Exception {
        Path events = dir.resolve("events.bin");
        ProcessBuilder pb = new ProcessBuilder(LinuxAgent.launchCommand(events, List.of(), LinuxAgent.program("blockclose")));
        pb.redirectError(dir.resolve("events.bin.stderr").toFile());
        Process injector = pb.start();
        target = RunningProgram.of(injector);
        BufferedReader out = target.out();

        LinuxAgent.awaitLine(out, "leaked"::equals);
        // The other thread is still blocked inside fclose: the three eventfds reach the recording anyway.
        LinuxAgent.awaitFrames(events, f -> f instanceof Frame.Create c && c.type() == EVENTFD, 3, 5_000);
        target.send("cancel");
        LinuxAgent.awaitLine(out, "done"::equals);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        // Cancelled inside its flush, fclose never closed the pipe's write end: it leaks, from where it was cancelled.
        assertThat(tally.leaksByFunction())
            .isEqualTo(Map.of("main", 1, "blocked_closer", 1, "while_blocked", 3, "after_cancel", 2));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.dropped()).isZero();
    }

    /** Each cycle: attach, 5 slow leaks, detach after 1.5 s; 8 threads open and close throughout. */
    @Test
    void fiveAttachDetachCyclesOnEightChurningThreadsDropNothingAndFindEachCyclesSlowLeaks() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("churn"), "--serve", "8");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        for (int cycle = 1; cycle <= 5; cycle++) {
            Path events = dir.resolve("cycle" + cycle + ".bin"), control = dir.resolve("stop" + cycle);
            long start = System.nanoTime();
            Process injector = LinuxAgent.attach(target.pid(), events, control, 30_000);
            target.send("leak 5");
            LinuxAgent.awaitLine(out, "leaked 5"::equals);
            long left = TimeUnit.MILLISECONDS.toNanos(1500) - (System.nanoTime() - start);
            if (left > 0) Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
            Files.createFile(control);
            LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);
            LeakTally tally = LeakTally.of(run.frames());
            assertThat(tally.dropped()).as("drops in cycle %d", cycle).isZero();
            assertThat(tally.leaksByFunction()).as("cycle %d", cycle).containsEntry("slow_leak", 5);
            // Events around the snapshot taken at attach are neither counted twice nor closed unseen.
            assertThat(tally.implicitCloses()).as("implicit closes in cycle %d", cycle).isZero();
            assertThat(tally.unmatchedCloses()).as("unmatched closes in cycle %d", cycle).isZero();
        }
        target.in().close();
        assertThat(LinuxAgent.awaitLine(out, "churned"::equals)).isEqualTo("churned");
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }
}
