package io.handlespy.store;

import java.util.List;

/**
 * What a recording is about and its totals. {@code osCountAtEnd} is -1 when the
 * OS gave no count. {@code status} is "recording", "complete" or "interrupted"
 * (the writer never finalized it, e.g. the app was killed). {@code events} counts
 * CREATE, CLOSE, DUPLICATE and SNAPSHOT frames; {@code creates} lifetimes started
 * by CREATE or DUPLICATE; {@code closes} lifetimes ended however they ended
 * (CLOSE, DUPLICATE_CLOSE_SOURCE, dup2 onto them, or a CREATE reusing their value:
 * those last are also counted in {@code implicitCloses}); {@code openAtEnd} every
 * tracked handle still open, the {@code openBeforeRecording} ones included.
 * {@code retention} says what the recording kept of closed lifetimes.
 */
public record RecordingInfo(String file, long pid, String image, String platform, String arch,
                            long startedAtUnixNanos, long durationNanos, long events, long creates, long closes,
                            long drops, long openAtEnd, long osCountAtEnd, long openBeforeRecording,
                            long unmatchedCloses, long implicitCloses, String status, String endReason,
                            List<String> notes, int schemaVersion, String h2Version, Retention retention) {
    public RecordingInfo {
        notes = List.copyOf(notes);
    }

    /** A {@link Retention#FULL} recording's info. */
    public RecordingInfo(String file, long pid, String image, String platform, String arch,
                         long startedAtUnixNanos, long durationNanos, long events, long creates, long closes,
                         long drops, long openAtEnd, long osCountAtEnd, long openBeforeRecording,
                         long unmatchedCloses, long implicitCloses, String status, String endReason,
                         List<String> notes, int schemaVersion, String h2Version) {
        this(file, pid, image, platform, arch, startedAtUnixNanos, durationNanos, events, creates, closes, drops,
            openAtEnd, osCountAtEnd, openBeforeRecording, unmatchedCloses, implicitCloses, status, endReason, notes,
            schemaVersion, h2Version, Retention.FULL);
    }
}
