package io.handlespy.analysis.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairing stacks across recordings: by frames and lines, then by frames alone for what is left. */
class LeakDiffTest {
    private static StackFrame frame(long address, String module, String function, int line) {
        return new StackFrame(address, module, address & 0xffff, function, function == null ? null : "a.c", line);
    }

    private static LeakGroup group(int id, int count, StackFrame... stack) {
        List<LeakedHandle> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) handles.add(new LeakedHandle(i, "file", null, i, 1));
        return new LeakGroup(id, count, Map.of("file", count), 0, count, List.of(stack), handles);
    }

    private static LeakReport report(LeakGroup... groups) {
        return new LeakReport(new TimeWindow(0, 100), Horizon.END, 100, 0, List.of(groups));
    }

    private static List<String> summary(LeakDiff d) {
        return d.changes().stream().map(c -> c.change() + " " + c.oldCount() + "->" + c.newCount() + " "
            + c.stack().getFirst().function() + ":" + c.stack().getFirst().line()).toList();
    }

    @Test
    void stacksMatchByModuleFileNameFunctionAndLineNotByAddress() {
        LeakReport old = report(group(1, 2, frame(0x1010, "/v1/app", "open_config", 12), frame(0x1100, "/v1/app", "main", 5)),
            group(2, 1, frame(0x1020, "/v1/app", "open_cache", 20), frame(0x1100, "/v1/app", "main", 6)));
        LeakReport now = report(group(7, 3, frame(0x9010, "/v2/APP", "open_config", 12), frame(0x9100, "/v2/APP", "main", 5)),
            group(8, 1, frame(0x9020, "/v2/APP", "open_cache", 20), frame(0x9100, "/v2/APP", "main", 6)),
            group(9, 4, frame(0x9030, "/v2/APP", "open_new", 30), frame(0x9100, "/v2/APP", "main", 7)));

        LeakDiff d = LeakDiff.between(old, now);

        assertThat(summary(d)).containsExactly("APPEARED 0->4 open_new:30", "GREW 2->3 open_config:12",
            "UNCHANGED 1->1 open_cache:20");
        assertThat(d.handlesBeyondOld()).isEqualTo(5);
    }

    @Test
    void stacksWhoseLinesMovedArePairedByFunctionWithTheirCountsSummed() {
        LeakReport old = report(group(1, 2, frame(0x10, "/app", "open_config", 12), frame(0x20, "/app", "main", 5)),
            group(2, 1, frame(0x11, "/app", "open_config", 14), frame(0x20, "/app", "main", 5)),
            group(3, 5, frame(0x12, "/app", "gone", 40), frame(0x20, "/app", "main", 9)));
        LeakReport now = report(group(4, 3, frame(0x30, "/app", "open_config", 112), frame(0x40, "/app", "main", 105)),
            group(5, 1, frame(0x31, "/app", "open_config", 114), frame(0x40, "/app", "main", 105)));

        LeakDiff d = LeakDiff.between(old, now);

        assertThat(summary(d)).containsExactly("GREW 3->4 open_config:112", "DISAPPEARED 5->0 gone:40");
        assertThat(d.newOrGrown()).singleElement().satisfies(c -> assertThat(c.delta()).isEqualTo(1));
    }

    @Test
    void framesWithoutSymbolsMatchOnlyTheSameModuleOffset() {
        StackFrame unknownA = new StackFrame(0x7f0000001234L, "/lib/libx.so", 0x1234, null, null, 0);
        StackFrame unknownB = new StackFrame(0x7f9900001238L, "/lib/libx.so", 0x1238, null, null, 0);
        StackFrame relocated = new StackFrame(0x7f9900001234L, "/lib/libx.so", 0x1234, null, null, 0);

        LeakDiff d = LeakDiff.between(report(group(1, 1, unknownA)), report(group(2, 1, relocated), group(3, 2, unknownB)));

        assertThat(d.changes()).extracting(c -> c.change() + " " + c.key().frames())
            .containsExactly("APPEARED [libx.so+0x1238]", "UNCHANGED [libx.so+0x1234]");
    }
}
