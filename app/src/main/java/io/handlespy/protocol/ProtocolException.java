package io.handlespy.protocol;

import java.io.IOException;

/** The stream is not valid protocol: the message says where and why, for a person to read. */
public final class ProtocolException extends IOException {
    private final long framesDecoded;

    public ProtocolException(String message, long framesDecoded) {
        super(message);
        this.framesDecoded = framesDecoded;
    }

    /** Frames decoded successfully before the fault; all of them were delivered. */
    public long framesDecoded() { return framesDecoded; }
}
