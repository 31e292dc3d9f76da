package io.handlespy.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesLine;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.protocol.HandleCategory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which count the OS handle count is compared with, and the quota warning, without a screen. */
class ChartLinesTest {
    private static final TimeWindow TEN = TimeWindow.ofSeconds(0, 10);

    private static List<SeriesPoint> flat(long count) {
        return List.of(new SeriesPoint(0, count, count), new SeriesPoint(5_000_000_000L, count, count));
    }

    private static List<ChartLines.Line> lines(SeriesLine... lines) {
        CountSeries s = new CountSeries(TEN, flat(100), List.of(), List.of(lines));
        return ChartLines.reduce(new ChartRenderer.Scene(Viewport.all(TEN), s, null, false, Double.NaN), 40);
    }

    private static Columns total() {
        return Columns.reduce(flat(100), Viewport.all(TEN), 40);
    }

    @Test
    void theOsCountIsComparedWithTheKernelLineWhenSplitPerCategory() {
        List<ChartLines.Line> l = lines(new SeriesLine("Kernel", HandleCategory.KERNEL, false, flat(30)),
            new SeriesLine("GDI", HandleCategory.GDI, false, flat(70)));
        assertThat(ChartLines.kernel(l, total()).max(3)).isEqualTo(30);
    }

    @Test
    void perTypeWithGdiTypesTheKernelCountIsUnknownAndWithKernelTypesOnlyItIsTheTotal() {
        assertThat(ChartLines.kernel(lines(new SeriesLine("Event", HandleCategory.KERNEL, false, flat(30)),
            new SeriesLine("Brush", HandleCategory.GDI, false, flat(70))), total())).isNull();
        assertThat(ChartLines.kernel(lines(new SeriesLine("eventfd", HandleCategory.KERNEL, false, flat(60)),
            new SeriesLine(SeriesLine.OTHER, null, false, flat(40))), total()).max(3)).isEqualTo(100);
    }

    @Test
    void aGdiOrUserCategoryAtNinetyPercentOfItsQuotaIsWarnedAboutPerTypeLinesAreNot() {
        assertThat(ChartLines.quotaWarning(lines(new SeriesLine("USER", HandleCategory.USER, false, flat(8_999))))).isNull();
        assertThat(ChartLines.quotaWarning(lines(new SeriesLine("USER", HandleCategory.USER, false, flat(9_000)))))
            .isEqualTo("USER at 9,000: near the quota of 10,000");
        assertThat(ChartLines.quotaWarning(lines(new SeriesLine("Brush", HandleCategory.GDI, false, flat(9_500))))).isNull();
        assertThat(ChartLines.quotaWarning(lines(new SeriesLine("Kernel", HandleCategory.KERNEL, false, flat(20_000))))).isNull();
    }
}
