package io.handlespy.capture;

import io.handlespy.protocol.Frame;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * Both streams appended to {@code file}, as the desktop app's console shows them.
     * Never throws: the capture must go on draining the channel, so output the file
     * cannot take goes to {@link #STANDARD} instead.
     */
    static TargetOutput appendingTo(Path file) {
        return output -> {
            try {
                Files.write(file, output.data(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                STANDARD.write(output);
            }
        };
    }

    void write(Frame.Output output);
}
