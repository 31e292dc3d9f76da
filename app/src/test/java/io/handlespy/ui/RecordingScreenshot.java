package io.handlespy.ui;

import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.Recording;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.ExportAdapter;
import java.nio.file.Path;

/**
 * {@code RecordingScreenshot RECORDING OUT.png}: the main window on a real
 * recording with the whole recording selected and the top leak row selected
 * (docs/screenshots/gdi-user-leaks.png is win-gdi.exe recorded under Wine).
 */
public final class RecordingScreenshot {
    private RecordingScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long duration;
        try (Recording r = Recording.openReadOnly(file)) {
            duration = r.durationNanos();
        }
        ScreenshotTool.capture(AnalysisQueries::open, file, new ExportAdapter(), new TimeWindow(0, duration),
            Path.of(args[1]), false);
    }
}
