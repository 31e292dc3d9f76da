package io.handlespy.ui.model;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import io.handlespy.store.Retention;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar says which retention mode an opened recording used, and what it keeps only approximately. */
class StatusRetentionTest {
    @TempDir Path dir;

    private StatusViewModel opened(Retention retention) throws Exception {
        Path file = dir.resolve(retention.cliName());
        try (Recording r = Recording.create(file, retention)) {
            RecordingWriter w = r.startWriting();
            new SyntheticAgent(SyntheticConfig.demo(5).withDuration(200_000_000L)).forEach(f -> {
                try {
                    w.accept(f);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            w.finish("test");
        }
        StatusViewModel status = new StatusViewModel();
        try (Recording r = Recording.openReadOnly(file)) {
            status.file(r.info());
        }
        return status;
    }

    @Test
    void aRecordingThatKeptOnlyOpenHandlesSaysSoAndWhatIsApproximate() throws Exception {
        StatusViewModel status = opened(Retention.OPEN);

        assertThat(status.retentionProperty().get()).isEqualTo("Retain: open handles");
        assertThat(status.retentionDetailProperty().get())
            .startsWith("Recorded with --retain open")
            .contains(Retention.OPEN.approximations().getFirst())
            .contains(Retention.OPEN.approximations().getLast());
    }

    @Test
    void aFullRecordingSaysFullAndNoRecordingSaysNothing() throws Exception {
        StatusViewModel status = opened(Retention.FULL);

        assertThat(status.retentionProperty().get()).isEqualTo("Retain: full");
        status.clear();
        assertThat(status.retentionProperty().get()).isEmpty();
    }
}
