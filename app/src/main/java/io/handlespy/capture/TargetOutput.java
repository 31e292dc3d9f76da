package io.handlespy.capture;

import io.handlespy.protocol.Frame;
import java.io.PrintStream;

/**
 * Where a launched target's console output goes when the helper relays it in the
 * event stream (the Windows helper does: its stdout carries the frames).
 */
@FunctionalInterface
public interface TargetOutput {
    /** To this process's own stdout and stderr, stream for stream, as if the target wrote there. */
    TargetOutput STANDARD = output -> {
        PrintStream to = output.stream() == Frame.Output.STDERR ? System.err : System.out;
        byte[] data = output.data();
        to.write(data, 0, data.length);
        to.flush();
    };

    void write(Frame.Output output);
}
