package io.handlespy.cli;

import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.time.Instant;

/**
 * {@code record --mark-every}: one iteration marker every so many seconds of
 * recording time, at exact multiples of the interval. (Markers from
 * {@code handlespy mark} reach the recording through the session itself.)
 */
final class Markers {
    private final Recording recording;
    private final long everyNanos;
    private int added;

    Markers(Recording recording, double everySeconds) {
        this.recording = recording;
        this.everyNanos = Seconds.toNanos(everySeconds);
    }

    /** Adds the markers that are due by now. */
    void poll() throws RecordingException {
        long started = recording.info().startedAtUnixNanos();
        if (started == 0) return;
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano() - started;
        while ((added + 1L) * everyNanos <= t) {
            added++;
            recording.addMarker(new Marker(added * everyNanos, "every " + added));
        }
    }
}
