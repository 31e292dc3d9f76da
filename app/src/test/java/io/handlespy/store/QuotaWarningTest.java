package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A category nearing its per-process quota (10,000 GDI or USER objects) gets one warning note, shown by info. */
class QuotaWarningTest {
    private static final int BRUSH = 131, WINDOW = 160, EVENT = 2;

    private static List<Frame> creates(int type, long tag, int n, long from) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Frame.Create(1000 + from + i, tag | (4L * (from + i) + 4), 1, 0, type, 1, ""));
        return out;
    }

    private static List<String> notes(Path dir, List<Frame> body) throws Exception {
        List<Frame> frames = new ArrayList<>();
        frames.add(TestRecordings.hello());
        frames.addAll(body);
        Path file = TestRecordings.record(dir.resolve("r"), frames);
        try (Recording r = Recording.open(file)) {
            return r.info().notes();
        }
    }

    @Test
    void nineThousandTrackedGdiObjectsWarnOnce(@TempDir Path dir) throws Exception {
        List<Frame> body = new ArrayList<>(creates(BRUSH, 0x1_0000_0000L, 9_500, 0));
        body.addAll(creates(WINDOW, 0x2_0000_0000L, 100, 10_000));
        body.addAll(creates(EVENT, 0, 9_500, 20_000));
        assertThat(notes(dir, body)).filteredOn(n -> n.contains("quota")).containsExactly(
            "9,000 GDI objects open (tracked): near the per-process quota of 10,000 by default; at the quota the program can create no more");
    }

    @Test
    void belowTheThresholdNothingIsSaid(@TempDir Path dir) throws Exception {
        List<Frame> body = new ArrayList<>(creates(WINDOW, 0x2_0000_0000L, 8_999, 0));
        assertThat(notes(dir, body)).noneMatch(n -> n.contains("quota"));
    }

    @Test
    void theCountWindowsReportsWarnsToo(@TempDir Path dir) throws Exception {
        List<Frame> body = List.of(new Frame.Sample(2000, Frame.Sample.UNAVAILABLE, 120, 9_100));
        assertThat(notes(dir, body)).filteredOn(n -> n.contains("quota")).containsExactly(
            "9,100 USER objects open (reported by Windows): near the per-process quota of 10,000 by default; at the quota the program can create no more");
    }
}
