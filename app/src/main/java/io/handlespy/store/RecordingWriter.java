package io.handlespy.store;

import io.handlespy.protocol.Frame;

/** Ingests frames on one background writer thread. API surface; the store work fills it in. */
public final class RecordingWriter implements AutoCloseable {
    private RecordingWriter() {}

    /** Hands a frame to the writer; blocks while its bounded queue is full (lossless backpressure). */
    public void accept(Frame frame) throws InterruptedException { throw new UnsupportedOperationException(); }

    public IngestProgress progress() { throw new UnsupportedOperationException(); }

    /** Drains the queue, pairs what is left, writes the totals and the end reason, commits. */
    public void finish(String endReason) throws RecordingException { throw new UnsupportedOperationException(); }

    @Override public void close() {}
}
