package io.handlespy.ui;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.RecordingQueries;
import java.nio.file.Path;

/** Recordings made by the synthetic agent, for UI tests, benchmarks and the screenshot. */
public final class SyntheticRecordings {
    private SyntheticRecordings() {}

    /** Writes the agent's whole stream for {@code config} into a new recording at {@code file}. */
    public static Path make(Path file, SyntheticConfig config) throws Exception {
        try (Recording recording = Recording.create(file); RecordingWriter writer = recording.startWriting()) {
            for (var it = new SyntheticAgent(config).frames(); it.hasNext(); ) writer.accept(it.next());
            writer.finish("target exited");
            return recording.file();
        }
    }

    /** Opens a recording with the synthetic agent's symbols, as the app would with a platform symbolizer. */
    public static RecordingQueries open(Path file) throws Exception {
        Recording r = Recording.open(file);
        return new AnalysisQueries(r, SyntheticAgent.symbolizer(), r::close);
    }
}
