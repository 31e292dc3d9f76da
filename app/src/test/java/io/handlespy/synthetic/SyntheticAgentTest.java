package io.handlespy.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.GroundTruth;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.capture.synthetic.SyntheticModules;
import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import io.handlespy.symbols.ModuleRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticAgentTest {
    private static final SyntheticConfig CONFIG = SyntheticConfig.demo(21).withDuration(2_000_000_000L).withDropped(9);

    private static List<Frame> frames(SyntheticConfig cfg) {
        List<Frame> out = new ArrayList<>();
        new SyntheticAgent(cfg).forEach(out::add);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndTheBytesDecodeToTheFrames() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        new SyntheticAgent(CONFIG).writeTo(a);
        new SyntheticAgent(CONFIG).writeTo(b);
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(a.toByteArray()));
        List<Frame> decoded = new ArrayList<>();
        for (Frame f; (f = d.next()) != null; ) decoded.add(f);
        assertThat(decoded).isEqualTo(frames(CONFIG));
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        new SyntheticAgent(SyntheticConfig.demo(22).withDuration(2_000_000_000L)).writeTo(other);
        assertThat(other.toByteArray()).isNotEqualTo(a.toByteArray());
    }

    /**
     * The service stream is the one the retention benchmarks' figures in docs/performance.md
     * were built from (SHA-256 of its encoding, taken before the generator was made faster):
     * a change to the generator must not change what they measure unnoticed.
     */
    @Test
    void theServiceStreamIsTheOneTheRetentionFiguresWereBuiltFrom() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            new SyntheticAgent(SyntheticConfig.service(2026, 0.0005, 10_000)).writeTo(out);
        }
        assertThat(HexFormat.of().formatHex(sha.digest()))
            .isEqualTo("2f918b598212845f56c8db3bdbdc94ad45a67c91e09646d3729a21c9efbb9ac9");
    }

    @Test
    void theStreamIsWellFormed() {
        List<Frame> frames = frames(CONFIG);
        assertThat(frames.getFirst()).isInstanceOf(Frame.Hello.class);
        assertThat(frames.getLast()).isEqualTo(new Frame.Goodbye(5_000_000_000_000L + 2_000_000_000L,
            Frame.Goodbye.TARGET_EXIT, "exit code 0"));
        Set<Integer> stacks = new HashSet<>();
        long lastTime = 0;
        int samples = 0, dups = 0, dup2 = 0, closeSource = 0;
        for (Frame f : frames) {
            switch (f) {
                case Frame.Stack s -> {
                    assertThat(stacks.add(s.stackId())).as("stack %d sent once", s.stackId()).isTrue();
                    for (long a : s.frames()) {
                        assertThat(SyntheticModules.MODULES.stream().anyMatch(m ->
                            new ModuleRef(m.path(), m.base(), m.size(), 2, "").contains(a))).isTrue();
                    }
                }
                case Frame.Create c -> {
                    assertThat(stacks).contains(c.stackId());
                    assertThat(c.time()).isGreaterThanOrEqualTo(lastTime);
                    lastTime = c.time();
                }
                case Frame.Duplicate d -> {
                    assertThat(stacks).contains(d.stackId());
                    dups++;
                    if (d.has(Frame.Duplicate.REPLACED_TARGET)) dup2++;
                    if (d.has(Frame.Duplicate.CLOSES_SOURCE)) closeSource++;
                }
                case Frame.Sample s -> samples++;
                default -> { }
            }
        }
        assertThat(samples).isEqualTo(20);
        assertThat(dups).isGreaterThan(100);
        assertThat(dup2).isGreaterThan(10);
        assertThat(closeSource).isGreaterThan(10);
        assertThat(frames).contains(new Frame.Dropped(5_000_000_000_000L + 1_000_000_000L, 9));
    }

    @Test
    void groundTruthKnowsTheLeakPatterns() {
        GroundTruth t = new SyntheticAgent(SyntheticConfig.demo(4)).truth();
        int burst = t.stackId(SyntheticModules.BURST_LEAK), pool = t.stackId(SyntheticModules.POOL_LEAK),
            log = t.stackId(SyntheticModules.LOG_LEAK);
        var leaks = t.leaks(0, t.durationNanos(), t.durationNanos());
        assertThat(leaks.get(burst)).isEqualTo(250);
        assertThat(leaks.get(pool)).isEqualTo(200);
        assertThat(leaks.get(log)).isEqualTo(50);
        assertThat(t.unmatchedCloses()).isEqualTo(3);
        assertThat(t.openBeforeRecording(Long.MAX_VALUE)).isEqualTo(6);
        assertThat(t.creates()).isBetween(180_000L, 230_000L);
    }

    @Test
    void theSymbolizerNamesTheFakeFunctions() {
        SyntheticModules.Module app = SyntheticModules.MODULES.getFirst();
        ModuleRef ref = new ModuleRef(app.path(), app.base(), app.size(), 2, "");
        var answer = SyntheticAgent.symbolizer().resolve(ref, List.of(app.base() + 0x1000 + 0x20, app.base() + 0x30000));
        assertThat(answer).hasSize(1);
        assertThat(answer.get(app.base() + 0x1020)).isEqualTo(new io.handlespy.symbols.SymbolInfo("main", "main.c", 20));
    }
}
