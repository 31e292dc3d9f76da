package io.handlespy.cli;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CreateCount;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.analysis.suppress.Suppressed;
import io.handlespy.export.ExportInput;
import io.handlespy.export.PprofInput;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.nio.file.Path;
import java.util.List;

/** Opens a recording and answers the leak question for the CLI's window options. */
final class LeakQuery {
    /** Points in the count series an export carries (the HTML report's chart). */
    private static final int SERIES_POINTS = 800;

    private LeakQuery() {}

    /** The leaks of the options' window after {@code suppressions}; the input holds what they left. */
    static Answer run(Path file, WindowOptions options, SuppressionSet suppressions)
            throws RecordingException, FailureHandler.UsageException {
        try (Recording recording = Recording.open(file)) {
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording));
            TimeWindow whole = analysis.whole();
            TimeWindow window = options.resolve(whole);
            Suppressed suppressed = suppressions.apply(analysis.leaks(window, options.horizon()));
            return new Answer(new ExportInput(recording.info(), suppressed.report(), analysis.series(whole, SERIES_POINTS)),
                suppressed);
        }
    }

    /**
     * The leaks of a whole recording, leaked if open at its end, after {@code suppressions}:
     * what a baseline and each side of a diff contribute.
     */
    static Suppressed atEnd(Path file, SuppressionSet suppressions) throws RecordingException {
        try (Recording recording = Recording.open(file)) {
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording));
            return suppressions.apply(analysis.leaks(analysis.whole(), Horizon.END));
        }
    }

    /**
     * What a pprof profile of the options' window holds: {@code leaks} (already
     * suppressed) and every create of the window, minus what the suppressions hide.
     */
    static PprofInput pprof(Path file, WindowOptions options, SuppressionSet suppressions, LeakReport leaks)
            throws RecordingException, FailureHandler.UsageException {
        try (Recording recording = Recording.open(file)) {
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording));
            List<CreateCount> creates = analysis.creates(options.resolve(analysis.whole())).stream()
                .filter(c -> suppressions.ruleFor(c.stack(), c.type()) < 0).toList();
            return new PprofInput(recording.info(), leaks, creates);
        }
    }

    /** A leak report after suppressions, and what they hid. */
    record Answer(ExportInput input, Suppressed suppressed) {}
}
