package io.handlespy.agent.windows;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count split per category, read from a real recording of win-gdi.exe under
 * Wine held open after its leaks: kernel, GDI and USER lines with the program's
 * 31 GDI and 14 USER objects while it waits, adding up to the total; no line of
 * counts reported by Windows, since Wine reports none.
 */
class WindowsCategorySeriesTest {
    private static GuiWine wine;

    @BeforeAll
    static void start() throws Exception {
        wine = GuiWine.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wine != null) wine.close();
    }

    @Test
    void theCountSplitsIntoKernelGdiAndUserLinesWithExactCounts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin"), hold = dir.resolve("hold");
        Process injector = wine.wine(Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out), "--",
            Wine.windowsPath(Binaries.X64.testProgram("win-gdi")), "--hold", Wine.windowsPath(hold)));
        try {
            new GuiWine.Lines(injector).await("leaked", 180);
            Thread.sleep(1500);
            Target.touch(hold);
            assertThat(injector.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (injector.isAlive()) injector.destroyForcibly();
        }
        Path file = TestRecordings.record(dir.resolve("rec"), Recorded.read(out).frames());

        try (Recording r = Recording.open(file)) {
            Analysis a = new Analysis(r, (m, addresses) -> Map.of());
            TimeWindow whole = a.whole();
            CountSeries s = a.series(whole, (int) (whole.lengthNanos() / 20_000_000L), SeriesSplit.CATEGORY);

            assertThat(s.lines()).extracting(SeriesLine::label).containsExactly("Kernel", "GDI", "USER");
            assertThat(s.lines()).noneMatch(SeriesLine::osReported);
            SeriesLine kernel = s.lines().get(0), gdi = s.lines().get(1), user = s.lines().get(2);
            List<Integer> waiting = new ArrayList<>();
            for (int k = 0; k < gdi.points().size(); k++) {
                if (gdi.points().get(k).equals(flat(gdi.points().get(k), 31))
                        && user.points().get(k).equals(flat(user.points().get(k), 14))) {
                    waiting.add(k);
                }
            }
            // held 1.5 s after "leaked": at least a second of 20 ms points
            assertThat(waiting).hasSizeGreaterThanOrEqualTo(50);
            // kernel handles still come and go while it waits (Wine's file-attribute polls): with GDI and
            // USER flat, the total moves exactly as the kernel line does, 45 above it
            for (int k : waiting) {
                SeriesPoint total = s.tracked().get(k), kern = kernel.points().get(k);
                assertThat(total).isEqualTo(new SeriesPoint(total.timeNanos(), kern.min() + 45, kern.max() + 45));
            }
        }
    }

    private static SeriesPoint flat(SeriesPoint p, long count) {
        return new SeriesPoint(p.timeNanos(), count, count);
    }
}
