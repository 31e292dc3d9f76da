package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesLine;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.Recording;
import io.handlespy.store.TestRecordings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count split per descriptor type, read from a real recording of typesteps
 * (eight kinds held in two steps of 400 ms): the six largest types as lines of
 * their own with their exact counts on each step, the rest as one "other" line
 * that, with them, adds up to the total.
 */
class LinuxSplitSeriesTest {
    private static final List<String> TOP = List.of("eventfd", "timerfd", "epoll", "inotify", "memfd", "signalfd");

    @TempDir Path dir;

    @Test
    void theCountSplitsPerTypeWithExactCountsOnEachStep() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("typesteps"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path file = TestRecordings.record(dir.resolve("rec"), run.frames());

        try (Recording r = Recording.open(file)) {
            Analysis a = new Analysis(r, (m, addresses) -> Map.of());
            TimeWindow whole = a.whole();
            int points = (int) Math.max(1, whole.lengthNanos() / 20_000_000L);
            CountSeries s = a.series(whole, points, SeriesSplit.TYPE);

            List<String> labels = s.lines().stream().map(SeriesLine::label).toList();
            List<String> expectedLabels = new ArrayList<>(TOP);
            expectedLabels.add(SeriesLine.OTHER);
            assertThat(labels).isEqualTo(expectedLabels);
            assertThat(s.lines()).allSatisfy(l -> assertThat(l.points()).hasSameSizeAs(s.tracked()));

            Map<String, Long> step1 = new LinkedHashMap<>();
            step1.put("eventfd", 16L);
            step1.put("timerfd", 14L);
            step1.put("epoll", 12L);
            step1.put("inotify", 10L);
            step1.put("memfd", 9L);
            step1.put("signalfd", 8L);
            Map<String, Long> step2 = new LinkedHashMap<>(step1);
            step2.put("eventfd", 8L);
            step2.put("timerfd", 0L);
            assertStep(s, step1);
            assertStep(s, step2);

            // by category, a Linux recording has kernel handles only: no lines
            assertThat(a.series(whole, points, SeriesSplit.CATEGORY).lines()).isEmpty();
        }
    }

    /**
     * The points where eventfd holds its count of the step (min = max) exist, and at
     * each every top type holds its count, "other" at least pidfd 2 + directory 1, and
     * all lines add up to the total count.
     */
    private static void assertStep(CountSeries s, Map<String, Long> counts) {
        SeriesLine events = line(s, "eventfd");
        List<Integer> plateau = new ArrayList<>();
        for (int k = 0; k < events.points().size(); k++) {
            SeriesPoint p = events.points().get(k);
            if (p.min() == counts.get("eventfd") && p.max() == counts.get("eventfd")
                    && s.tracked().get(k).min() == s.tracked().get(k).max()) {
                plateau.add(k);
            }
        }
        assertThat(plateau).as("points holding eventfd at %d", counts.get("eventfd")).hasSizeGreaterThanOrEqualTo(5);
        for (int k : plateau) {
            long sum = 0;
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                SeriesPoint p = line(s, e.getKey()).points().get(k);
                assertThat(p).as("%s at point %d", e.getKey(), k)
                    .isEqualTo(new SeriesPoint(p.timeNanos(), e.getValue(), e.getValue()));
                sum += e.getValue();
            }
            SeriesPoint other = line(s, SeriesLine.OTHER).points().get(k);
            assertThat(other.min()).isEqualTo(other.max()).isGreaterThanOrEqualTo(3);
            assertThat(sum + other.max()).as("lines add up to the total at point %d", k).isEqualTo(s.tracked().get(k).max());
        }
    }

    private static SeriesLine line(CountSeries s, String label) {
        return s.lines().stream().filter(l -> l.label().equals(label)).findFirst().orElseThrow();
    }
}
