package io.handlespy.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnRasterTest {
    private static final int BG = 0;
    private static final int FILL = 0x290969da;
    private static final int LINE = 0xff0969da;
    private static final int OS = 0xffd1590e;
    private static final ColumnRaster.Colors COLORS = new ColumnRaster.Colors(BG, FILL, LINE, OS);

    private static Columns flat(long count, int width, int spikeAt, long spike) {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            long v = i == spikeAt ? spike : count;
            points.add(new SeriesPoint(i * 1_000_000L, count, v));
        }
        return Columns.reduce(points, Viewport.all(new TimeWindow(0, width * 1_000_000L)), width);
    }

    private static int at(ColumnRaster r, int x, int y) { return r.pixels()[y * r.width() + x]; }

    @Test
    void fillsUnderTheCountAndDrawsTheLineAtItsLevel() {
        ColumnRaster r = new ColumnRaster();
        r.paint(flat(50, 20, -1, 0), Columns.reduce(List.of(), Viewport.all(TimeWindow.ofSeconds(0, 1)), 20),
                20, 101, 100, COLORS);
        int level = 50;
        assertThat(at(r, 10, level)).isEqualTo(LINE);
        assertThat(at(r, 10, level - 1)).isEqualTo(LINE);
        assertThat(at(r, 10, level - 2)).isEqualTo(BG);
        assertThat(at(r, 10, level + 1)).isEqualTo(FILL);
        assertThat(at(r, 10, 100)).isEqualTo(FILL);
        assertThat(at(r, 10, 0)).isEqualTo(BG);
    }

    @Test
    void aOneColumnSpikeReachesItsPeak() {
        ColumnRaster r = new ColumnRaster();
        r.paint(flat(10, 40, 17, 90), Columns.reduce(List.of(), Viewport.all(TimeWindow.ofSeconds(0, 1)), 40),
                40, 101, 100, COLORS);
        assertThat(at(r, 17, 10)).isEqualTo(LINE);
        assertThat(at(r, 17, 50)).isEqualTo(LINE);
        assertThat(at(r, 16, 50)).isEqualTo(BG);
        assertThat(at(r, 18, 50)).isEqualTo(LINE);
    }

    @Test
    void theOsLineIsDrawnOverTheTrackedLineWhereTheyAgree() {
        ColumnRaster r = new ColumnRaster();
        r.paint(flat(50, 40, -1, 0), flat(50, 40, -1, 0), 40, 101, 100, COLORS);
        assertThat(at(r, 2, 50)).isEqualTo(OS);
        assertThat(at(r, 2, 49)).as("two pixels thick").isEqualTo(OS);
        assertThat(at(r, 7, 50)).as("in a gap of the dashes the tracked line shows").isEqualTo(LINE);
    }

    @Test
    void theOsCountIsDashed() {
        ColumnRaster r = new ColumnRaster();
        Columns empty = Columns.reduce(List.of(), Viewport.all(TimeWindow.ofSeconds(0, 1)), 40);
        r.paint(empty, flat(80, 40, -1, 0), 40, 101, 100, COLORS);
        assertThat(at(r, 0, 20)).isEqualTo(OS);
        assertThat(at(r, 5, 20)).isEqualTo(OS);
        assertThat(at(r, 6, 20)).isEqualTo(BG);
        assertThat(at(r, 8, 20)).isEqualTo(BG);
        assertThat(at(r, 9, 20)).isEqualTo(OS);
    }

    @Test
    void aSplitLineIsDrawnOverTheTotalAtItsOwnLevelSolidOrDashed() {
        int kernel = 0xff1a7f37;
        ColumnRaster r = new ColumnRaster();
        Columns empty = Columns.reduce(List.of(), Viewport.all(TimeWindow.ofSeconds(0, 1)), 40);
        r.paint(flat(80, 40, -1, 0), empty, 40, 101, 100, COLORS);
        r.line(flat(30, 40, -1, 0), kernel, false, 100);
        assertThat(at(r, 7, 70)).isEqualTo(kernel);
        assertThat(at(r, 7, 69)).as("two pixels thick").isEqualTo(kernel);
        assertThat(at(r, 7, 71)).as("the total's fill below it").isEqualTo(FILL);
        assertThat(at(r, 7, 20)).as("the total's own line above it").isEqualTo(LINE);

        r.line(flat(60, 40, -1, 0), kernel, true, 100);
        assertThat(at(r, 5, 40)).isEqualTo(kernel);
        assertThat(at(r, 7, 40)).as("in a gap of the dashes").isEqualTo(FILL);
    }
}
