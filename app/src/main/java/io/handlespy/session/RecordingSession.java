package io.handlespy.session;

import io.handlespy.capture.CaptureException;
import io.handlespy.capture.CaptureRequest;
import io.handlespy.capture.CaptureResult;
import io.handlespy.capture.CaptureSession;
import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.NativeLocator;
import io.handlespy.store.IngestProgress;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import io.handlespy.store.RecordingWriter;
import io.handlespy.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Records one target into one recording file: the capture feeds the writer, and
 * the end of the capture finalizes the file. Shared by the CLI and the GUI.
 */
public final class RecordingSession implements AutoCloseable {
    private final Recording recording;
    private final RecordingWriter writer;
    private final CaptureSession capture;
    private final MarkerRequests markerRequests;

    private RecordingSession(Recording recording, RecordingWriter writer, CaptureSession capture,
                             MarkerRequests markerRequests) {
        this.recording = recording;
        this.writer = writer;
        this.capture = capture;
        this.markerRequests = markerRequests;
    }

    /**
     * Creates the recording and attaches to or launches the target, both at once (the
     * target's first frames wait for the file). On failure no recording file is left
     * behind, and a launched target whose file could not be made is ended. While the
     * session runs, {@code handlespy mark} can add markers to the recording (see {@link MarkerInbox}).
     */
    public static RecordingSession start(CaptureRequest request, Path out, NativeLocator natives, Duration attachTimeout)
        throws CaptureException, RecordingException {
        return start(request, out, Retention.FULL, natives, HelperRunner.forWindowsHelper(), attachTimeout);
    }

    /**
     * As above, keeping lifetimes as {@code retention} says, with the Windows helper run by {@code windows};
     * its Wine prefix, if it names one, is noted in the recording for a Windows target (symbols are later
     * found through its drive map).
     */
    public static RecordingSession start(CaptureRequest request, Path out, Retention retention, NativeLocator natives,
                                         HelperRunner windows, Duration attachTimeout)
        throws CaptureException, RecordingException {
        RecordingStart store = RecordingStart.begin(Recording.checkNew(out), retention,
            request.platform().isWindows() ? windows.winePrefix() : null);
        // a Windows target cannot be ended from here should the file fail after all (CaptureSession.abort)
        if (request.platform().isWindows()) store.await();
        CaptureSession capture;
        try {
            capture = CaptureSession.start(request, natives, windows, store, attachTimeout);
        } catch (CaptureException | RuntimeException e) {
            store.discard();
            throw e;
        }
        try {
            RecordingStart.Parts made = store.await();
            return new RecordingSession(made.recording(), made.writer(), capture, made.markers());
        } catch (RecordingException | RuntimeException e) {
            capture.abort();
            capture.ended().join();
            throw e;
        }
    }

    /** The recording being written; queries see everything committed so far. */
    public Recording recording() { return recording; }

    public IngestProgress progress() { return writer.progress(); }

    public boolean isRunning() { return capture.isRunning(); }

    public CaptureSession capture() { return capture; }

    /**
     * Adds an iteration marker at the current time; empty while the recording's start
     * time is not known yet (before the target's first frames arrive).
     */
    public Optional<Marker> markNow(String label) throws RecordingException {
        long started = recording.info().startedAtUnixNanos();
        if (started == 0) return Optional.empty();
        Instant now = Instant.now();
        Marker m = new Marker(Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano() - started), label);
        recording.addMarker(m);
        return Optional.of(m);
    }

    /** Detaches cleanly; {@link #awaitEnd()} returns once the file is finalized. */
    public void stop() { capture.requestStop(); }

    /** Waits for the capture to end, finalizes the recording and returns its totals. */
    public SessionResult awaitEnd() throws InterruptedException, RecordingException {
        CaptureResult result = capture.awaitEnd();
        writer.finish(result.message());
        markerRequests.deliver();
        return new SessionResult(result, recording.info());
    }

    @Override
    public void close() {
        markerRequests.close();
        writer.close();
        recording.close();
    }

    /** How the capture ended and what the recording holds. */
    public record SessionResult(CaptureResult capture, RecordingInfo info) {}
}
