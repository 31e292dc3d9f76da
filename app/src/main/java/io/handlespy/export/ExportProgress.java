package io.handlespy.export;

import java.util.function.BooleanSupplier;

/**
 * How a long export reports progress and learns it should stop. Cancellation is
 * cooperative: exporters ask {@link #isCancelled} between groups.
 */
public record ExportProgress(Listener listener, BooleanSupplier cancelled) {
    /** No reporting, never cancelled. */
    public static final ExportProgress NONE = new ExportProgress((done, total) -> { }, () -> false);

    @FunctionalInterface
    public interface Listener {
        void groupsWritten(int done, int total);
    }

    public boolean isCancelled() { return cancelled.getAsBoolean(); }
}
