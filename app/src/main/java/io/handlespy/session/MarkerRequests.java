package io.handlespy.session;

import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves {@code handlespy mark} while a recording is written: a daemon thread hands
 * the requests of the recording's {@link MarkerInbox} to it every 200 ms. Stopped
 * cooperatively, never interrupted (it may be inside H2 file I/O).
 */
final class MarkerRequests implements AutoCloseable {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Recording recording;
    private final MarkerInbox inbox;
    private final Thread thread;
    private volatile boolean stopping;

    private MarkerRequests(Recording recording, MarkerInbox inbox) {
        this.recording = recording;
        this.inbox = inbox;
        this.thread = Thread.ofPlatform().daemon().name("handlespy-marker-requests").unstarted(this::run);
    }

    static MarkerRequests start(Recording recording) throws RecordingException {
        try {
            MarkerRequests r = new MarkerRequests(recording, MarkerInbox.open(recording.file()));
            r.thread.start();
            return r;
        } catch (IOException e) {
            throw new RecordingException("Cannot create the marker folder " + MarkerInbox.folderOf(recording.file())
                + ": " + e.getMessage(), e);
        }
    }

    private void run() {
        while (!stopping) {
            deliver();
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Stores the waiting requests now. A request that cannot be stored stays in the
     * inbox for the next round; its poster is told when it gets no answer.
     */
    synchronized void deliver() {
        try {
            inbox.deliver(recording);
        } catch (RecordingException e) {
            // Left for the next round (see above).
        }
    }

    /** Stores what is still waiting, then removes the inbox. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        deliver();
        try {
            inbox.close();
        } catch (IOException e) {
            // A marker folder left behind names a recorder that is gone; mark then treats the recording as finished.
        }
    }
}
