package io.handlespy.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The way frames get from the native helper to the app, and the way the app asks
 * the helper to detach. The Linux helper writes into a FIFO, which keeps its
 * stdout free for a launched target; the Windows helper writes to its own stdout
 * and relays the target's console output inside the stream, the same on a Windows
 * host and under Wine, so nothing on that path needs POSIX facilities.
 */
sealed interface EventChannel extends AutoCloseable permits FifoChannel, HelperStdoutChannel {

    static EventChannel forTarget(TargetPlatform platform) throws CaptureException {
        return platform.isWindows() ? HelperStdoutChannel.create() : FifoChannel.create();
    }

    /** The helper's channel options, with paths as {@code helperPath} names them for the helper. */
    List<String> helperArguments(Function<Path, String> helperPath);

    /** Wires the helper's standard streams for this channel. */
    void configure(ProcessBuilder helper, boolean launch);

    /** The frame stream; may block until the helper has opened its end. */
    InputStream open(Process helper) throws IOException;

    /** The helper has exited: an {@link #open} still waiting must return. */
    void helperExited();

    /** Asks the helper to detach; it notices within its sampling period. */
    void requestDetach();

    @Override
    void close();
}
