package io.handlespy.capture;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The Linux helper's channel: a FIFO in the capture's private directory, so the
 * helper's (and a launched target's) stdin, stdout and stderr stay the user's.
 */
final class FifoChannel implements EventChannel {
    private static final int OWNER_READ_WRITE = 0600;

    /** libc's mkfifo(3), which the JDK does not offer. */
    private interface LibC extends Library {
        int mkfifo(String path, int mode);
    }

    private final ControlFile control;
    private final Path events;
    private final AtomicBoolean opened = new AtomicBoolean();

    private FifoChannel(ControlFile control) {
        this.control = control;
        this.events = control.dir().resolve("events");
    }

    static FifoChannel create() throws CaptureException {
        ControlFile control = ControlFile.create();
        FifoChannel channel = new FifoChannel(control);
        int rc;
        try {
            rc = Native.load("c", LibC.class).mkfifo(channel.events.toString(), OWNER_READ_WRITE);
        } catch (UnsatisfiedLinkError e) {
            control.close();
            throw new CaptureException(CaptureException.Reason.FAILED,
                "could not create the event channel: the C library is not reachable (" + e.getMessage() + ")", e);
        }
        if (rc != 0) {
            int errno = Native.getLastError();
            control.close();
            throw new CaptureException(CaptureException.Reason.FAILED,
                "could not create the event channel " + channel.events + " (errno " + errno + ")");
        }
        return channel;
    }

    @Override
    public List<String> helperArguments(Function<Path, String> helperPath) {
        return List.of("--output", helperPath.apply(events), "--control", helperPath.apply(control.path()));
    }

    @Override
    public void configure(ProcessBuilder helper, boolean launch) {
        if (launch) {
            helper.inheritIO();
        } else {
            helper.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        }
    }

    @Override
    public InputStream open(Process helper) throws IOException {
        InputStream in = Files.newInputStream(events);
        opened.set(true);
        return in;
    }

    /** The helper died before opening the FIFO: open its write end once so the reader's open returns. */
    @Override
    public void helperExited() {
        if (opened.get()) return;
        Thread.ofPlatform().daemon().name("handlespy-channel-unblock").start(() -> {
            try (FileOutputStream ignored = new FileOutputStream(events.toFile())) {
                // Opening and closing the write end is the whole point: the reader then sees end of stream.
            } catch (IOException ignored) {
                // The channel is already gone: nothing is waiting on it.
            }
        });
    }

    @Override
    public void requestDetach() { control.requestDetach(); }

    @Override
    public void close() { control.close(); }
}
