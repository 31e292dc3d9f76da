package io.handlespy.capture;

import io.handlespy.protocol.Frame;
import java.util.List;

/** Where decoded frames go; may block to slow the target down (lossless backpressure). */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame) throws InterruptedException;

    /**
     * Frames decoded together, in order: the capture hands over what it decoded before
     * each read of its channel that may wait. A sink that can take them at once
     * (one lock, one wake-up) overrides this; the list is reused after the call.
     */
    default void acceptAll(List<Frame> frames) throws InterruptedException {
        for (Frame f : frames) accept(f);
    }
}
