package io.handlespy.capture;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
        try {
            mkfifo(channel.events);
        } catch (CaptureException e) {
            control.close();
            throw e;
        }
        return channel;
    }

    /**
     * The JDK offers no mkfifo(3) (before the FFM API of Java 22); coreutils'
     * mkfifo(1) does it in a few milliseconds, where loading a native-call library
     * for it cost more than the rest of a short recording's start.
     */
    private static void mkfifo(Path fifo) throws CaptureException {
        String what = "could not create the event channel " + fifo;
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = p.waitFor();
            if (rc != 0) throw new CaptureException(CaptureException.Reason.FAILED, what + ": mkfifo exited with code " + rc
                + (said.isEmpty() ? "" : " (" + said + ")"));
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Reason.FAILED, what + ": mkfifo (coreutils) could not be run ("
                + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException(CaptureException.Reason.FAILED, what + ": interrupted", e);
        }
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
