package io.handlespy.session;

import io.handlespy.capture.FrameSink;
import io.handlespy.protocol.Frame;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingWriter;
import io.handlespy.store.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A new recording file with its writer and marker inbox, made on a thread of its own
 * while the capture starts: creating the H2 file is the longest step of a recording's
 * start, and the helper, the target and its first frames need none of it. Frames that
 * arrive before the writer wait in {@link #acceptAll} (behind them the channel, the
 * helper and then the target wait: nothing is lost); frames of a recording that could
 * not be made are dropped, as its capture is then being ended. That thread is never
 * interrupted (it does H2 file I/O).
 */
final class RecordingStart implements FrameSink {
    /** What a started recording is made of. */
    record Parts(Recording recording, RecordingWriter writer, MarkerRequests markers) {}

    private final CompletableFuture<Parts> parts = new CompletableFuture<>();

    private RecordingStart() {}

    /**
     * Starts making the recording {@code file} (already checked by {@link Recording#checkNew}),
     * noting {@code winePrefix} in it unless null.
     */
    static RecordingStart begin(Path file, Retention retention, Path winePrefix) {
        RecordingStart start = new RecordingStart();
        Thread.ofPlatform().daemon().name("handlespy-recording-start").start(() -> start.make(file, retention, winePrefix));
        return start;
    }

    private void make(Path file, Retention retention, Path winePrefix) {
        Recording recording = null;
        RecordingWriter writer = null;
        try {
            recording = Recording.create(file, retention);
            if (winePrefix != null) recording.setWinePrefix(winePrefix);
            writer = recording.startWriting();
            parts.complete(new Parts(recording, writer, MarkerRequests.start(recording)));
        } catch (RecordingException | RuntimeException e) {
            if (recording != null) discard(recording, writer);
            parts.completeExceptionally(e);
        } finally {
            if (!parts.isDone()) parts.completeExceptionally(new IllegalStateException("the recording could not be made"));
        }
    }

    /** The made recording, once it is; what stopped it from being made. Not interruptible (short, bounded wait). */
    Parts await() throws RecordingException {
        try {
            return parts.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case RecordingException r -> throw r;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw e;
            }
        }
    }

    /** Waits for the recording and removes it again, file included (its capture failed to start). */
    void discard() {
        try {
            Parts p = await();
            p.markers().close();
            discard(p.recording(), p.writer());
        } catch (RecordingException | RuntimeException alreadyGone) {
            // It was never made: nothing to remove.
        }
    }

    @Override
    public void accept(Frame frame) throws InterruptedException {
        acceptAll(List.of(frame));
    }

    @Override
    public void acceptAll(List<Frame> frames) throws InterruptedException {
        Parts p;
        try {
            p = parts.get();
        } catch (ExecutionException notMade) {
            return;
        }
        p.writer().acceptAll(frames);
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
            // An empty recording left behind is harmless; the error that ended it is what the user needs.
        }
    }
}
