package io.handlespy.store;

import static io.handlespy.store.TestRecordings.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.GroundTruth;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingIngestTest {
    @TempDir Path dir;

    @Test
    void syntheticRecordingHasTheGroundTruthTotals() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(7).withDropped(42));
        GroundTruth truth = agent.truth();
        Path file = TestRecordings.record(dir.resolve("demo"), agent);
        try (Recording r = Recording.open(file)) {
            RecordingInfo info = r.info();
            assertThat(info.status()).isEqualTo("complete");
            assertThat(info.endReason()).isEqualTo("test");
            assertThat(info.events()).isEqualTo(truth.events());
            assertThat(info.creates()).isEqualTo(truth.creates());
            assertThat(info.closes()).isEqualTo(truth.closes());
            assertThat(info.unmatchedCloses()).isEqualTo(truth.unmatchedCloses()).isEqualTo(3);
            assertThat(info.implicitCloses()).isEqualTo(truth.implicitCloses()).isPositive();
            assertThat(info.drops()).isEqualTo(42);
            assertThat(info.openAtEnd()).isEqualTo(truth.openAtEnd());
            assertThat(info.openBeforeRecording()).isEqualTo(truth.openBeforeRecording(Long.MAX_VALUE)).isEqualTo(6);
            assertThat(info.osCountAtEnd()).isEqualTo(truth.lastOsCount());
            assertThat(info.durationNanos()).isEqualTo(10_000_000_000L);
            assertThat(info.pid()).isEqualTo(4242);
            assertThat(info.image()).isEqualTo("/opt/demo/bin/demo_app");
            assertThat(info.platform()).isEqualTo("linux");
            assertThat(info.arch()).isEqualTo("x64");
            assertThat(info.notes()).containsExactly("unhookable: close_range");
            assertThat(info.schemaVersion()).isEqualTo(Schema.VERSION);
            assertThat(info.h2Version()).isEqualTo("2.4.240");
            assertThat(info.file()).endsWith("demo.mv.db");
        }
    }

    @Test
    void everyLifetimeIsStoredOnceWithItsCloseTime() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(3).withDuration(3_000_000_000L));
        GroundTruth truth = agent.truth();
        Path file = TestRecordings.record(dir.resolve("all"), agent);
        try (Recording r = Recording.open(file)) {
            List<Lifetime> all = new ArrayList<>();
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, all::add);
            assertThat(all).hasSize(truth.lifetimes());
            assertThat(all.stream().filter(l -> l.closeNanos() >= 0).count()).isEqualTo(truth.closes());
            assertThat(all.stream().filter(Lifetime::snapshot).count()).isEqualTo(truth.snapshots());
        }
    }
}
