package io.handlespy.cli;

import io.handlespy.session.MarkerInbox;
import io.handlespy.session.RecordingSession;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.io.IOException;
import java.time.Instant;

/**
 * The iteration markers of a {@code record} run: requests from {@code handlespy mark}
 * (through the recording's {@link MarkerInbox}) and, with {@code --mark-every}, one
 * marker every so many seconds of recording time.
 */
final class Markers implements AutoCloseable {
    private final Recording recording;
    private final MarkerInbox inbox;
    private final Long everyNanos;
    private int automatic;
    private int count;

    Markers(RecordingSession session, Double everySeconds) throws RecordingException {
        this.recording = session.recording();
        this.everyNanos = everySeconds == null ? null : Seconds.toNanos(everySeconds);
        try {
            this.inbox = MarkerInbox.open(recording.file());
        } catch (IOException e) {
            throw new RecordingException("cannot create the marker folder " + MarkerInbox.folderOf(recording.file())
                + ": " + e.getMessage(), e);
        }
    }

    /** Stores waiting requests, and the automatic markers that are due. */
    void poll() throws RecordingException {
        deliverRequests();
        if (everyNanos == null) return;
        long started = recording.info().startedAtUnixNanos();
        if (started == 0) return;
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano() - started;
        while ((automatic + 1L) * everyNanos <= t) {
            automatic++;
            recording.addMarker(new Marker(automatic * everyNanos, "every " + automatic));
            count++;
        }
    }

    /** Stores the requests waiting from {@code handlespy mark}. */
    void deliverRequests() throws RecordingException {
        count += inbox.deliver(recording);
    }

    int count() { return count; }

    @Override
    public void close() throws IOException {
        inbox.close();
    }
}
