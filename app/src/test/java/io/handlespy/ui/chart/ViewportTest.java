package io.handlespy.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.TimeWindow;
import org.junit.jupiter.api.Test;

class ViewportTest {
    private final Viewport all = Viewport.all(TimeWindow.ofSeconds(0, 100));

    @Test
    void zoomKeepsTheAnchorAtTheSameRelativePlace() {
        Viewport z = all.zoom(25_000_000_000L, 0.5);
        assertThat(z.span()).isEqualTo(50_000_000_000L);
        assertThat(z.fromNanos()).isEqualTo(12_500_000_000L);
        assertThat(z.toNanos()).isEqualTo(62_500_000_000L);
        assertThat(z.isAll()).isFalse();
    }

    @Test
    void zoomOutNeverLeavesTheRecordingAndStopsAtEverything() {
        Viewport z = all.zoom(90_000_000_000L, 0.1).zoom(90_000_000_000L, 100);
        assertThat(z).isEqualTo(all);
        assertThat(z.isAll()).isTrue();
    }

    @Test
    void zoomInStopsAtOneMillisecond() {
        Viewport z = all.zoom(50_000_000_000L, 1e-12);
        assertThat(z.span()).isEqualTo(Viewport.MIN_SPAN_NANOS);
    }

    @Test
    void panIsClampedToTheBounds() {
        Viewport z = all.zoom(50_000_000_000L, 0.1);
        assertThat(z.pan(-1_000_000_000_000L).fromNanos()).isZero();
        assertThat(z.pan(1_000_000_000_000L).toNanos()).isEqualTo(100_000_000_000L);
        assertThat(z.pan(1_000_000_000L).fromNanos()).isEqualTo(z.fromNanos() + 1_000_000_000L);
    }

    @Test
    void aGrowingRecordingIsFollowedWhenTheEndIsInView() {
        Viewport tail = all.zoom(100_000_000_000L, 0.1);
        Viewport grown = tail.withBounds(TimeWindow.ofSeconds(0, 120));
        assertThat(grown.toNanos()).isEqualTo(120_000_000_000L);
        assertThat(grown.span()).isEqualTo(tail.span());

        Viewport middle = all.zoom(50_000_000_000L, 0.1);
        assertThat(middle.withBounds(TimeWindow.ofSeconds(0, 120)).fromNanos()).isEqualTo(middle.fromNanos());
        assertThat(all.withBounds(TimeWindow.ofSeconds(0, 120)).isAll()).isTrue();
    }
}
