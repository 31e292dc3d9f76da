package io.handlespy.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    private static final Viewport TEN_SECONDS = Viewport.all(TimeWindow.ofSeconds(0, 10));

    @Test
    void keepsMinAndMaxOfEveryPointFallingInAColumn() {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < 1000; i++) points.add(new SeriesPoint(i * 10_000_000L, 100, 100));
        points.set(437, new SeriesPoint(437 * 10_000_000L, 3, 9_000));
        Columns c = Columns.reduce(points, TEN_SECONDS, 100);

        assertThat(c.width()).isEqualTo(100);
        assertThat(c.presentCount()).isEqualTo(100);
        assertThat(c.max(43)).isEqualTo(9_000);
        assertThat(c.min(43)).isEqualTo(3);
        assertThat(c.max(42)).isEqualTo(100);
        assertThat(c.peak()).isEqualTo(9_000);
    }

    @Test
    void columnsBetweenSamplesHoldTheLastCountAndPointsOutsideTheViewAreIgnored() {
        List<SeriesPoint> points = List.of(new SeriesPoint(-5, 1, 1), new SeriesPoint(0, 2, 4),
                new SeriesPoint(5_000_000_000L, 7, 8), new SeriesPoint(11_000_000_000L, 99, 99));
        Columns c = Columns.reduce(points, TEN_SECONDS, 10);

        assertThat(c.presentCount()).as("0 to 5 drawn, nothing after the last sample").isEqualTo(6);
        assertThat(c.min(0)).isEqualTo(2);
        for (int col = 1; col < 5; col++) {
            assertThat(c.min(col)).isEqualTo(4);
            assertThat(c.max(col)).isEqualTo(4);
        }
        assertThat(c.max(5)).isEqualTo(8);
        assertThat(c.present(9)).isFalse();
        assertThat(c.peak()).isEqualTo(8);
    }

    /** Zoomed to a few milliseconds there are fewer samples than pixels: the area must not turn into stripes. */
    @Test
    void aSubSecondZoomWithFewSamplesLeavesNoGaps() {
        Viewport tenMillis = Viewport.all(new TimeWindow(0, 10_000_000L));
        List<SeriesPoint> points = List.of(new SeriesPoint(0, 50, 50), new SeriesPoint(3_000_000L, 51, 51),
                new SeriesPoint(9_990_000L, 52, 52));
        Columns c = Columns.reduce(points, tenMillis, 800);
        assertThat(c.presentCount()).isEqualTo(800);
        assertThat(c.max(100)).isEqualTo(50);
        assertThat(c.max(500)).isEqualTo(51);
    }

    @Test
    void theOsNoteSaysWhetherTheCountsAgree() {
        List<SeriesPoint> tracked = List.of(new SeriesPoint(0, 10, 10), new SeriesPoint(9_000_000_000L, 20, 20));
        List<SeriesPoint> sameOs = List.of(new SeriesPoint(0, 10, 10), new SeriesPoint(9_000_000_000L, 20, 20));
        List<SeriesPoint> moreOs = List.of(new SeriesPoint(0, 13, 13), new SeriesPoint(9_000_000_000L, 23, 23));
        Columns t = Columns.reduce(tracked, TEN_SECONDS, 10);
        assertThat(Divergence.describe(t, Columns.reduce(sameOs, TEN_SECONDS, 10))).isEqualTo("OS count agrees");
        assertThat(Divergence.describe(t, Columns.reduce(moreOs, TEN_SECONDS, 10)))
                .isEqualTo("OS count differs by up to 3 (open before recording, or not hooked)");
        assertThat(Divergence.describe(t, Columns.reduce(List.of(), TEN_SECONDS, 10))).isEmpty();
    }

    @Test
    void theLastInstantLandsInTheLastColumn() {
        Columns c = Columns.reduce(List.of(new SeriesPoint(10_000_000_000L, 5, 6)), TEN_SECONDS, 640);
        assertThat(c.present(639)).isTrue();
    }

    @Test
    void pixelMapRoundTripsTimeAndPlacesCounts() {
        PixelMap m = new PixelMap(TEN_SECONDS, 64, 10, 1000, 200, 400);
        assertThat(m.x(5_000_000_000L)).isEqualTo(564.0);
        assertThat(m.time(564)).isEqualTo(5_000_000_000L);
        assertThat(m.time(0)).isZero();
        assertThat(m.time(5000)).isEqualTo(10_000_000_000L);
        assertThat(m.y(0)).isEqualTo(210.0);
        assertThat(m.y(400)).isEqualTo(10.0);
        assertThat(m.y(100)).isEqualTo(160.0);
    }

    @Test
    void ticksAreNiceNumbers() {
        assertThat(Ticks.step(10, 5)).isEqualTo(2.0);
        assertThat(Ticks.step(0.7, 5)).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Ticks.values(0, 1000, 5)).containsExactly(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0);
        assertThat(Ticks.niceTop(937)).isEqualTo(1200.0);
        assertThat(Ticks.niceTop(0)).isEqualTo(10.0);
    }
}
