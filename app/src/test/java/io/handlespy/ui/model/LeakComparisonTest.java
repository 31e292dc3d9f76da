package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.model.LeakComparison.Change;
import io.handlespy.ui.model.LeakComparison.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakComparisonTest {
    private final TimeWindow w = TimeWindow.ofSeconds(0, 5);

    /** The same code in another process: other stack id, other load address. */
    private static LeakGroup moved(LeakGroup g, int stackId, int count) {
        List<StackFrame> stack = g.stack().stream().map(f -> new StackFrame(f.address() + 0x10000, f.module(),
                f.moduleOffset(), f.function(), f.file(), f.line())).toList();
        return new LeakGroup(stackId, count, g.types(), g.firstCreatedNanos(), g.lastCreatedNanos(), stack,
                g.handles().subList(0, Math.min(count, g.handles().size())));
    }

    @Test
    void stacksLineUpByCodeNotByIdOrAddress() {
        var before = Samples.report(w, Horizon.END, Samples.fileGroup(), Samples.eventGroup());
        var after = Samples.report(w, Horizon.END, moved(Samples.fileGroup(), 70, 5), Samples.vendorGroup());
        List<Row> rows = LeakComparison.compare(before, after);
        assertThat(rows).extracting(Row::change, Row::countA, Row::countB, Row::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.NEW, 0, 1, "vendor.dll!Pool::grab pool.cpp:9"),
                org.assertj.core.groups.Tuple.tuple(Change.GROWN, 2, 5, "leaky!load_config config.c:42"),
                org.assertj.core.groups.Tuple.tuple(Change.GONE, 3, 0, "service.exe!Worker::poll worker.cpp:118"));
        assertThat(rows.get(1).delta()).isEqualTo(3);
    }

    @Test
    void theSameLeaksCompareAsSame() {
        var r = Samples.report(w, Horizon.END, Samples.fileGroup());
        assertThat(LeakComparison.compare(r, r)).extracting(Row::change).containsExactly(Change.SAME);
        assertThat(LeakComparison.compare(r, Samples.report(w, Horizon.END, moved(Samples.fileGroup(), 3, 1))))
                .extracting(Row::change).containsExactly(Change.SHRUNK);
    }
}
