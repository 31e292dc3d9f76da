package io.handlespy.ui.source;

import io.handlespy.store.IngestProgress;
import io.handlespy.store.Marker;
import io.handlespy.store.RecordingException;

/** A capture in progress, writing a recording the app reads while it grows. */
public interface LiveCapture extends AutoCloseable {
    /** The recording being written, readable while the capture runs. */
    RecordingQueries queries();

    IngestProgress progress();

    /** Null while the target runs; afterwards why capture ended ("target exited", "stopped", …). */
    String endReason();

    /** Marks an iteration boundary now (for leaks per iteration); fails before the target's first frames. */
    Marker mark(String label) throws RecordingException;

    /** Detaches cleanly and finalizes the recording; the target keeps running. */
    void stop() throws Exception;

    /** The file a launched program's stdout and stderr go to; null for an attached process. */
    java.nio.file.Path output();

    /** Whether HandleSpy started the target (then it may end it); false for an attached process. */
    boolean launched();

    /** Ends the launched target and returns once the recording is finalized. */
    void endTarget() throws Exception;

    @Override
    void close();
}
