package io.handlespy.session;

import io.handlespy.capture.CaptureException;
import io.handlespy.capture.CaptureRequest;
import io.handlespy.capture.CaptureResult;
import io.handlespy.capture.CaptureSession;
import io.handlespy.capture.FrameSink;
import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.NativeLocator;
import io.handlespy.protocol.Frame;
import io.handlespy.store.IngestProgress;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import io.handlespy.store.RecordingWriter;
import io.handlespy.store.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
     * Creates the recording and attaches to or launches the target. On failure no
     * recording file is left behind. While the session runs, {@code handlespy mark}
     * can add markers to the recording (see {@link MarkerInbox}).
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
        Recording recording = Recording.create(out, retention);
        RecordingWriter writer = null;
        MarkerRequests markerRequests = null;
        try {
            if (request.platform().isWindows() && windows.winePrefix() != null) recording.setWinePrefix(windows.winePrefix());
            writer = recording.startWriting();
            markerRequests = MarkerRequests.start(recording);
            CaptureSession capture = CaptureSession.start(request, natives, windows, sinkOf(writer), attachTimeout);
            return new RecordingSession(recording, writer, capture, markerRequests);
        } catch (CaptureException | RecordingException | RuntimeException e) {
            if (markerRequests != null) markerRequests.close();
            discard(recording, writer);
            throw e;
        }
    }

    /** The capture's frames go to the writer a decoded run at a time (one hand-off, one wake-up per run). */
    private static FrameSink sinkOf(RecordingWriter writer) {
        return new FrameSink() {
            @Override
            public void accept(Frame frame) throws InterruptedException { writer.accept(frame); }

            @Override
            public void acceptAll(List<Frame> frames) throws InterruptedException { writer.acceptAll(frames); }
        };
    }

    private static void discard(Recording recording, RecordingWriter writer) {
        Path file = recording.file();
        if (writer != null) {
            try {
                writer.finish("attach failed");
            } catch (RecordingException ignored) {
                // The file is deleted next; its finalization does not matter.
            }
            writer.close();
        }
        recording.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // An empty recording left behind is harmless; the attach error is what the user needs.
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
