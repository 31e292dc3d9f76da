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

/** Attach by PID (ptrace + dlopen), record, detach; the target keeps running. */
class LinuxAttachTest {
    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    @Test
    void attachCountsLeaksThenDetachLeavesTheTargetRunning() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fdleak"), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = attach(events, control);

        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        LinuxAgent.awaitLine(out, l -> l.startsWith("alive "));
        Thread.sleep(200);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);
        Frame.Hello hello = (Frame.Hello) run.frames().getFirst();
        assertThat(hello.pid()).isEqualTo(target.pid());
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Expected.of("fdleak"));
        assertThat(tally.dropped()).isZero();

        // After detach: still working and printing, and it exits normally when asked.
        String last = LinuxAgent.awaitLine(out, l -> l.startsWith("alive "));
        int first = Integer.parseInt(last.substring(6));
        LinuxAgent.awaitLine(out, l -> l.equals("alive " + (first + 5)));
        assertThat(target.isAlive()).isTrue();
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /**
     * A second HandleSpy attaching while a recording runs is refused, after giving an agent that may be
     * just starting (that of a helper killed a moment ago) its time, and the first recording goes on whole.
     */
    @Test
    void aSecondAttachDuringARecordingIsRefusedAndTheFirstGoesOn() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fdleak"), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));
        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process first = attach(events, control);

        Path other = dir.resolve("other.bin");
        LinuxAgent.Run second = LinuxAgent.finish(
            LinuxAgent.start(LinuxAgent.attachCommand(target.pid(), other, null), other, Map.of()), other, 30);
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stderr()).contains("process " + target.pid() + " is already being recorded by another HandleSpy");

        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        Thread.sleep(200);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(first, events, 30);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(Expected.of("fdleak"));
    }

    /** Attaches the injector to the target and returns once the first OS sample shows it is recording. */
    private Process attach(Path events, Path control) throws Exception {
        return LinuxAgent.attach(target.pid(), events, control, 10_000);
    }

    @Test
    void aSecondAttachAfterADetachRecordsAgain() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fdleak"), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path first = dir.resolve("first.bin"), firstStop = dir.resolve("stop1");
        Process injector = attach(first, firstStop);
        Files.createFile(firstStop);
        assertThat(LinuxAgent.finish(injector, first, 30).exitCode()).isZero();

        Path second = dir.resolve("second.bin"), secondStop = dir.resolve("stop2");
        injector = attach(second, secondStop);
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        Thread.sleep(200);
        Files.createFile(secondStop);
        LinuxAgent.Run run = LinuxAgent.finish(injector, second, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(Expected.of("fdleak"));
        assertThat(LinuxAgent.text(new java.io.FileInputStream(dir.resolve("second.bin.stderr").toFile()))).isEmpty();
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void attachRunsDlopenInAWaitingThreadWhileTheMainThreadSpins() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("spinner"));
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = attach(events, control);
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        Thread.sleep(100);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(Map.of("spin_leak", 2));
        assertThat(run.all(Frame.Create.class)).allMatch(c -> c.thread() == target.pid());
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /** dlopen runs in the target's thread that waits in read(): its SSE registers are all put back. */
    @Test
    void attachPutsBackTheFullRegisterStateOfTheThreadItBorrows() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fpstate"));
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = attach(events, control);
        target.send("");
        assertThat(LinuxAgent.awaitLine(out, l -> true)).isEqualTo("intact");
        Files.createFile(control);
        assertThat(LinuxAgent.finish(injector, events, 30).exitCode()).isZero();
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /** The helper's parent (the app) dies without a word: the helper detaches cleanly and exits; the target runs on. */
    @Test
    void whenTheAppDiesTheHelperDetachesAndTheTargetRunsOn() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fdleak"), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path events = dir.resolve("events.bin");
        // A stand-in for the app: a shell that starts the helper, then becomes a short sleep and is gone.
        Process app = new ProcessBuilder("/bin/sh", "-c", "\"$0\" attach \"$1\" --output \"$2\" & exec sleep 2",
            LinuxAgent.INJECTOR.toString(), Long.toString(target.pid()), events.toString()).start();
        LinuxAgent.awaitFrame(events, f -> f instanceof Frame.Sample, 10_000);
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
        LinuxAgent.awaitFrame(events, f -> f instanceof Frame.Goodbye, 10_000);

        LinuxAgent.Run run = new LinuxAgent.Run(0, "", LinuxAgent.decode(events));
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    @Test
    void attachSnapshotListsDescriptorsOpenBeforeWithNamesAndKinds() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("exitmid"), "--forever");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, "leaked"::equals);

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = attach(events, control);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<Frame.Snapshot> snapshot = run.all(Frame.Snapshot.class);
        assertThat(snapshot).filteredOn(s -> s.type() == 68).hasSize(2)
            .allMatch(s -> s.name().equals("anon_inode:[eventfd]"));
        assertThat(snapshot).filteredOn(s -> s.type() == 66).hasSize(1).allMatch(s -> s.name().startsWith("socket:["));
        assertThat(snapshot).hasSize(3 + 3);
        Frame.Sample sample = run.all(Frame.Sample.class).getFirst();
        assertThat(sample.osHandleCount()).isEqualTo(6);
        assertThat(LeakTally.of(run.frames()).leaks()).isEmpty();
    }

    @Test
    void targetKilledWhileAttachedEndsTheRecordingWithTargetExit() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("exitmid"), "--forever");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, "leaked"::equals);

        Path events = dir.resolve("events.bin");
        Process injector = attach(events, dir.resolve("never-created"));
        target.kill();
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 30);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.TARGET_EXIT);
    }
}
