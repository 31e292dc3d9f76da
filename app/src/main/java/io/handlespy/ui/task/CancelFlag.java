package io.handlespy.ui.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation. Background work that touches the recording (H2 file
 * I/O) must never be interrupted, so cancel only raises this flag and the work
 * checks it between steps.
 */
public final class CancelFlag {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() { cancelled.set(true); }

    public boolean isCancelled() { return cancelled.get(); }

    /** For work that can stop between steps: unwinds with a CancellationException once cancelled. */
    public void checkpoint() {
        if (cancelled.get()) throw new CancellationException("cancelled");
    }
}
