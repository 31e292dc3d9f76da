package io.handlespy.store;

import java.nio.file.Path;

/** One recording file (an embedded H2 database). API surface; the store work fills it in. */
public final class Recording implements AutoCloseable {
    private Recording() {}

    /** Creates a new, empty recording at {@code file} (refuses to overwrite an existing one). */
    public static Recording create(Path file) throws RecordingException { throw new UnsupportedOperationException(); }

    /** Opens an existing recording; clear RecordingException for missing, corrupt, foreign or newer files. */
    public static Recording open(Path file) throws RecordingException { throw new UnsupportedOperationException(); }

    public Path file() { throw new UnsupportedOperationException(); }

    /** The single writer of a recording made by {@link #create}. */
    public RecordingWriter startWriting() throws RecordingException { throw new UnsupportedOperationException(); }

    public RecordingInfo info() throws RecordingException { throw new UnsupportedOperationException(); }

    @Override public void close() {}
}
