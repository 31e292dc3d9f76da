package io.handlespy.store;

import io.handlespy.protocol.Frame;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingests frames on one background writer thread. {@link #accept} may be called
 * from any thread; it blocks while the bounded queue is full, so nothing is ever
 * dropped (backpressure reaches the agent, which then waits or counts drops).
 * The writer commits every {@link #COMMIT_INTERVAL_NANOS} (150 ms) and forces each
 * commit into the file; a lifetime still open at a commit is written by the next one
 * at the latest, so a killed process loses at most the last two intervals (~300 ms).
 * Stopping is cooperative ({@link #finish}); the writer thread is never interrupted,
 * because interrupting H2 file I/O can corrupt the file.
 */
public final class RecordingWriter implements AutoCloseable {
    static final long COMMIT_INTERVAL_NANOS = 150_000_000L;
    static final int QUEUE_CAPACITY = 1 << 16, BATCH = 4096, CHUNK_LIFETIMES = 1 << 16;

    private final FrameQueue queue = new FrameQueue(QUEUE_CAPACITY);
    private final Ingest ingest;
    private final StoreWriter store;
    private final Consumer<IngestProgress> onCommit;
    private final Thread thread;
    private volatile IngestProgress progress = new IngestProgress(0, 0, 0, 0, -1);
    private volatile boolean finishing;
    private volatile String endReason;
    private volatile Exception failure;
    private volatile long committedCreates;
    private boolean finished;

    RecordingWriter(StoreWriter store, String name, Retention retention, Consumer<IngestProgress> onCommit) {
        this.ingest = new Ingest(retention);
        this.store = store;
        this.onCommit = onCommit;
        this.thread = Thread.ofPlatform().name("recording-writer " + name).daemon().unstarted(this::run);
        thread.start();
    }

    /** Hands a frame to the writer; blocks while its bounded queue is full (lossless backpressure). */
    public void accept(Frame frame) throws InterruptedException {
        acceptAll(List.of(frame));
    }

    /**
     * Hands frames to the writer in their order, as {@link #accept} does one by one, but
     * under one lock acquisition and waking the writer once: what a capture's reader
     * does with the frames it decoded from one read of its channel.
     */
    public void acceptAll(List<Frame> frames) throws InterruptedException {
        if (finishing) throw new IllegalStateException("the recording is finished; no more frames are accepted");
        Exception f = failure;
        if (f != null) throw new IllegalStateException("the recording stopped: " + f.getMessage(), f);
        queue.putAll(frames);
    }

    /** Live counts as of the last batch the writer processed (times are recording time). */
    public IngestProgress progress() { return progress; }

    /** Drains the queue, pairs what is left, writes the totals and the end reason, commits. */
    public synchronized void finish(String endReason) throws RecordingException {
        if (!finished) {
            finished = true;
            this.endReason = endReason;
            finishing = true;
            queue.end();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        Exception f = failure;
        if (f instanceof RecordingException r) throw r;
        if (f != null) throw new RecordingException("Writing the recording failed: " + f.getMessage(), f);
    }

    private void run() {
        List<Frame> batch = new ArrayList<>(BATCH);
        long lastCommit = System.nanoTime();
        try {
            while (!(finishing && queue.isEmpty())) {
                if (poll(batch) > 0) {
                    for (Frame f : batch) {
                        ingest.apply(f);
                        if (ingest.chunk.count() >= CHUNK_LIFETIMES) store.writeChunk(ingest.chunk);
                    }
                    batch.clear();
                    progress = snapshot();
                }
                if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                    store.flush(ingest, "recording", null, false);
                    committedCreates = ingest.creates;
                    lastCommit = System.nanoTime();
                    onCommit.accept(progress);
                }
            }
            ingest.finish();
            store.flush(ingest, "complete", endReason, true);
            progress = snapshot();
            onCommit.accept(progress);
        } catch (RecordingException | SQLException | RuntimeException e) {
            failure = e;
            discardUntilFinished();
        } finally {
            try {
                store.close();
            } catch (SQLException e) {
                if (failure == null) failure = e;
            }
        }
    }

    /** Up to {@link #BATCH} frames into {@code batch}, waiting up to 20 ms for the first. */
    private int poll(List<Frame> batch) {
        try {
            return queue.drainTo(batch, BATCH, 20);
        } catch (InterruptedException e) {
            return 0;
        }
    }

    /** Keeps producers from blocking forever on a writer that has failed. */
    private void discardUntilFinished() {
        List<Frame> discarded = new ArrayList<>(BATCH);
        while (!finishing || !queue.isEmpty()) {
            poll(discarded);
            discarded.clear();
        }
    }

    boolean isRunning() { return thread.isAlive(); }

    /** Creates counted in the totals of the last commit (for the kill test's bookkeeping). */
    long committedCreates() { return committedCreates; }

    private IngestProgress snapshot() {
        return new IngestProgress(ingest.lastNanos(), ingest.events, ingest.liveNow(), ingest.drops, ingest.lastOs);
    }

    /** Finishes with end reason "closed" if {@link #finish} was not called; failures were already reported there. */
    @Override
    public void close() {
        try {
            finish("closed");
        } catch (RecordingException e) {
            // Reported to whoever calls finish(); close() only releases the thread and the file.
        }
    }
}
