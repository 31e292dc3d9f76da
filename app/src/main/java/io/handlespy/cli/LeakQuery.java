package io.handlespy.cli;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.export.ExportInput;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.nio.file.Path;

/** Opens a recording and answers the leak question for the CLI's window options. */
final class LeakQuery {
    /** Points in the count series an export carries (the HTML report's chart). */
    private static final int SERIES_POINTS = 800;

    private LeakQuery() {}

    static ExportInput run(Path file, WindowOptions options) throws RecordingException, FailureHandler.UsageException {
        try (Recording recording = Recording.open(file)) {
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording.info()));
            TimeWindow whole = analysis.whole();
            TimeWindow window = options.resolve(whole);
            return new ExportInput(recording.info(), analysis.leaks(window, options.horizon()),
                analysis.series(whole, SERIES_POINTS));
        }
    }
}
