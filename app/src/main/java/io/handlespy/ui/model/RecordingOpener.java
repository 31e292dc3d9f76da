package io.handlespy.ui.model;

import io.handlespy.ui.source.RecordingQueries;
import java.nio.file.Path;

/** Opens a recording file for querying. */
@FunctionalInterface
public interface RecordingOpener {
    RecordingQueries open(Path file) throws Exception;
}
