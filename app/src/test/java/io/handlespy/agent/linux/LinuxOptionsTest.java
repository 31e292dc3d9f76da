package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** --drop, --close-stacks, a reader slower than the target, modules loaded later with dlopen. */
class LinuxOptionsTest {
    @TempDir Path dir;

    @Test
    void closeStacksAreCapturedOnlyWhenAsked() throws Exception {
        LinuxAgent.Run without = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("fdleak"));
        assertThat(without.all(Frame.Close.class)).isNotEmpty().allMatch(c -> c.stackId() == 0);

        LinuxAgent.Run with = LinuxAgent.launch(dir, Map.of(), List.of("--close-stacks"), LinuxAgent.program("fdleak"));
        assertThat(with.exitCode()).as(with.stderr()).isZero();
        List<Integer> sent = with.all(Frame.Stack.class).stream().map(Frame.Stack::stackId).toList();
        assertThat(with.all(Frame.Close.class)).isNotEmpty().allMatch(c -> c.stackId() != 0 && sent.contains(c.stackId()));
        assertThat(LeakTally.of(with.frames()).leaksByFunction()).isEqualTo(Expected.of("fdleak"));
    }

    @Test
    void aModuleLoadedWithDlopenIsReportedBeforeTheStacksThatUseIt() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("plugin"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(Map.of("leak_in_plugin", 2));
        Frame.ModuleLoad plugin = run.all(Frame.ModuleLoad.class).stream()
            .filter(m -> m.path().endsWith("/libleaky.so")).findFirst().orElseThrow();
        assertThat(plugin.debugIdKind()).isEqualTo(Frame.ModuleLoad.DEBUG_ID_ELF_BUILD_ID);
        assertThat(run.all(Frame.ModuleUnload.class)).anyMatch(u -> u.base() == plugin.base());
    }

    /** Runs churn with the output on a FIFO nobody reads for the first 1.5 s. */
    private List<Frame> slowReader(List<String> options) throws Exception {
        Path fifo = dir.resolve("events.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Process injector = LinuxAgent.start(LinuxAgent.launchCommand(fifo, options, LinuxAgent.program("churn"), "4", "20000"),
            fifo, Map.of());
        List<Frame> frames = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(fifo))) {
            Thread.sleep(1500);
            FrameDecoder d = new FrameDecoder(in);
            for (Frame f; (f = d.next()) != null; ) frames.add(f);
        }
        assertThat(injector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(injector.exitValue()).isZero();
        return frames;
    }

    @Test
    void losslessByDefaultTheTargetWaitsForASlowReader() throws Exception {
        LeakTally tally = LeakTally.of(slowReader(List.of()));
        assertThat(tally.dropped()).isZero();
        assertThat(tally.creates()).isEqualTo(4 * 20_000 + 5);
        assertThat(tally.closes()).isEqualTo(4 * 20_000);
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("slow_leak", 5));
    }

    @Test
    void withDropEveryEventIsEitherDeliveredOrCountedInDroppedFrames() throws Exception {
        List<Frame> frames = slowReader(List.of("--drop"));
        LeakTally tally = LeakTally.of(frames);
        assertThat(tally.dropped()).isPositive();
        assertThat(tally.creates() + tally.closes() + tally.dropped()).isEqualTo(2L * 4 * 20_000 + 5);
        assertThat(frames.getLast()).isInstanceOf(Frame.Goodbye.class);
    }
}
