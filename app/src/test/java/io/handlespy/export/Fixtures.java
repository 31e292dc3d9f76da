package io.handlespy.export;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.RecordingInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A hand-built report with the awkward cases: quotes, commas, markup, semicolons, unknown symbols. */
final class Fixtures {
    private Fixtures() {}

    static final long S = 1_000_000_000L;

    static final StackFrame RUN = new StackFrame(0x7ff612341234L, "C:\\app\\leaky.exe", 0x1234, "Worker::run", "C:\\src\\worker.cpp", 42);
    static final StackFrame MAIN = new StackFrame(0x7ff612340100L, "C:\\app\\leaky.exe", 0x100, "main", "C:\\src\\worker.cpp", 10);
    static final StackFrame KERNEL32 = new StackFrame(0x7ffa00001000L, "C:\\Windows\\System32\\kernel32.dll", 0x1000, null, null, 0);
    static final StackFrame RAW = new StackFrame(0x401000L, null, 0, null, null, 0);
    static final StackFrame TEMPLATE = new StackFrame(0x7f0000002000L, "/usr/lib/libx.so", 0x2000, "ns::f<a;b>", null, 0);

    static final LeakGroup EVENTS = new LeakGroup(7, 3, Map.of("Event", 2, "Mutant", 1), 3 * S / 2, 9 * S / 4,
        List.of(RUN, MAIN, KERNEL32),
        List.of(new LeakedHandle(0x1a4, "Event", "Global\\evt,1", 3 * S / 2, 100),
            new LeakedHandle(0x1a8, "Event", "", 2 * S, 100),
            new LeakedHandle(0x1b0, "Mutant", "say \"hi\"", 9 * S / 4, 101)));

    static final LeakGroup FILES = new LeakGroup(9, 1, Map.of("File", 1), 3 * S, 3 * S,
        List.of(RAW, TEMPLATE),
        List.of(new LeakedHandle(5, "File", "/tmp/a<b>&c", 3 * S, 7)));

    static final LeakReport REPORT = new LeakReport(new TimeWindow(S, 4 * S), Horizon.END, 10 * S, 2, List.of(EVENTS, FILES));

    static final RecordingInfo INFO = new RecordingInfo("/tmp/leaky.hspy", 4242, "C:\\app\\leaky.exe", "windows", "x64",
        1_700_000_000_000_000_000L, 10 * S, 100, 60, 40, 0, 22, -1, 2, 1, 0, "complete", "target exited",
        List.of("unhookable: NtCreateCpuPartition <x>"), 1, "2.4.240");

    static final CountSeries SERIES = new CountSeries(new TimeWindow(0, 10 * S),
        List.of(new SeriesPoint(0, 0, 0), new SeriesPoint(5 * S / 2, 3, 5), new SeriesPoint(5 * S, 4, 4), new SeriesPoint(10 * S, 4, 6)),
        List.of(new SeriesPoint(0, 10, 10), new SeriesPoint(5 * S, 14, 15)));

    static final ExportInput INPUT = new ExportInput(INFO, REPORT, SERIES);

    static String export(ExportFormat format, ExportInput input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            format.exporter().write(input, out, ExportProgress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
