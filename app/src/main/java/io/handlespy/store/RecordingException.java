package io.handlespy.store;

/** A recording cannot be created, read or written; the message says why and what to do, in plain words. */
public final class RecordingException extends Exception {
    public RecordingException(String message) { super(message); }

    public RecordingException(String message, Throwable cause) { super(message, cause); }
}
