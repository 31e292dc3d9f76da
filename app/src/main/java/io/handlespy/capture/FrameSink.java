package io.handlespy.capture;

import io.handlespy.protocol.Frame;

/** Where decoded frames go; may block to slow the target down (lossless backpressure). */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame) throws InterruptedException;
}
