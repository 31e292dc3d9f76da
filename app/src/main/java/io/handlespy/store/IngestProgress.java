package io.handlespy.store;

/** A live view of an ingest, for progress lines and the status bar. */
public record IngestProgress(long elapsedNanos, long events, long liveHandles, long drops, long lastOsCount) {}
