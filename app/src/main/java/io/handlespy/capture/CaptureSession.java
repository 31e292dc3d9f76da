package io.handlespy.capture;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import io.handlespy.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running capture: the native helper process, the event channel it writes
 * into, and the thread decoding that channel into a {@link FrameSink}. The
 * target is never left blocked: whatever happens on the app side, the channel is
 * drained until the helper has detached.
 */
public final class CaptureSession {
    private static final Duration DETACH_GRACE = Duration.ofSeconds(10);
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(2);
    private static final Pattern EXIT_CODE = Pattern.compile("exit code (-?\\d+)");

    private final Process helper;
    private final EventChannel channel;
    private final CaptureRequest request;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean readerOpened = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicReference<Frame.Goodbye> goodbye = new AtomicReference<>();
    private final AtomicReference<ProtocolException> fault = new AtomicReference<>();
    private final CompletableFuture<CaptureResult> ended = new CompletableFuture<>();
    private final StringBuilder helperErrors = new StringBuilder();

    private CaptureSession(Process helper, EventChannel channel, CaptureRequest request) {
        this.helper = helper;
        this.channel = channel;
        this.request = request;
    }

    /**
     * Starts the helper and returns once the agent has said HELLO.
     *
     * @throws CaptureException the target could not be attached or launched; the message says why
     */
    public static CaptureSession start(CaptureRequest request, NativeLocator natives, FrameSink sink,
                                       Duration attachTimeout) throws CaptureException {
        boolean onWine = request.platform().isWindows() && !isWindowsHost();
        EventChannel channel = EventChannel.create();
        List<String> command = HelperCommand.forRequest(request, natives.injector(request.platform()),
            channel.events(), channel.control(), onWine);
        ProcessBuilder pb = new ProcessBuilder(command);
        if (onWine) pb.environment().putIfAbsent("WINEDEBUG", "-all");
        if (request instanceof CaptureRequest.Launch l) {
            pb.inheritIO();
            if (l.output() != null) pb.redirectOutput(l.output().toFile()).redirectErrorStream(true);
            if (l.workingDirectory() != null) pb.directory(l.workingDirectory().toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            channel.close();
            throw new CaptureException(CaptureException.Reason.HELPER_MISSING, onWine
                ? "could not run Wine to start the Windows helper (" + e.getMessage() + "); install wine and wine64"
                : "could not start the helper " + command.get(0) + ": " + e.getMessage(), e);
        }
        CaptureSession session = new CaptureSession(process, channel, request);
        session.run(sink);
        session.awaitHello(attachTimeout);
        return session;
    }

    private static boolean isWindowsHost() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    public CaptureRequest request() { return request; }

    /** Frames received so far. */
    public long frames() { return frames.get(); }

    public boolean isRunning() { return !ended.isDone(); }

    /** Completes when the helper has exited and the channel is drained. */
    public CompletableFuture<CaptureResult> ended() { return ended; }

    public CaptureResult awaitEnd() throws InterruptedException {
        try {
            return ended.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("capture end is always completed normally", e.getCause());
        }
    }

    /**
     * Asks the helper to detach (hooks go dormant, buffered events are flushed, the
     * target runs on). Escalates to terminating the helper if it does not finish in time.
     */
    public void requestStop() {
        if (!stopRequested.compareAndSet(false, true) || !helper.isAlive()) return;
        channel.requestDetach();
        Thread.ofPlatform().daemon().name("handlespy-detach-watchdog").start(() -> {
            try {
                if (!helper.waitFor(DETACH_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    helper.destroy();
                    if (!helper.waitFor(5, TimeUnit.SECONDS)) helper.destroyForcibly();
                }
            } catch (InterruptedException e) {
                helper.destroyForcibly();
            }
        });
    }

    private void run(FrameSink sink) {
        Thread stderr = request instanceof CaptureRequest.Launch ? null
            : Thread.ofPlatform().daemon().name("handlespy-helper-stderr").start(this::collectErrors);
        Thread reader = Thread.ofPlatform().name("handlespy-capture-reader").start(() -> read(sink));
        helper.onExit().thenRun(() -> {
            unblockReaderIfNeverOpened();
            try {
                reader.join();
                // Bounded: under Wine the wineserver inherits stderr and may hold it open after the helper exits.
                if (stderr != null) stderr.join(STDERR_DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close();
            ended.complete(result());
        });
    }

    private void read(FrameSink sink) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(channel.events()), 1 << 16)) {
            readerOpened.set(true);
            FrameDecoder decoder = new FrameDecoder(in);
            try {
                for (Frame f; (f = decoder.next()) != null; ) {
                    frames.incrementAndGet();
                    if (f instanceof Frame.Hello) started.countDown();
                    if (f instanceof Frame.Goodbye g) goodbye.set(g);
                    sink.accept(f);
                }
            } catch (ProtocolException e) {
                fault.set(e);
                requestStop();
                in.transferTo(OutputStream.nullOutputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requestStop();
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            fault.compareAndSet(null, new ProtocolException("the event channel failed: " + e.getMessage(), frames.get()));
        } finally {
            started.countDown();
        }
    }

    /** The helper died before opening the FIFO: open its write end once so the reader's open returns. */
    private void unblockReaderIfNeverOpened() {
        if (readerOpened.get()) return;
        Thread.ofPlatform().daemon().name("handlespy-channel-unblock").start(() -> {
            try (FileOutputStream ignored = new FileOutputStream(channel.events().toFile())) {
                // Opening and closing the write end is the whole point: the reader then sees end of stream.
            } catch (IOException ignored) {
                // The channel is already gone: nothing is waiting on it.
            }
        });
    }

    private void awaitHello(Duration timeout) throws CaptureException {
        try {
            if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                requestStop();
                throw new CaptureException(CaptureException.Reason.FAILED,
                    "the helper did not answer within " + timeout.toSeconds() + " s; the target may be hung or Wine may be starting for the first time — try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
            throw new CaptureException(CaptureException.Reason.FAILED, "interrupted while attaching", e);
        }
        if (frames.get() > 0) return;
        CaptureResult r = ended.join();
        int code = helper.exitValue();
        CaptureException.Reason reason = switch (code) {
            case 3 -> CaptureException.Reason.NO_SUCH_PROCESS_OR_ACCESS_DENIED;
            case 4 -> CaptureException.Reason.UNSUPPORTED_TARGET;
            default -> CaptureException.Reason.FAILED;
        };
        throw new CaptureException(reason, r.message());
    }

    private CaptureResult result() {
        Frame.Goodbye g = goodbye.get();
        ProtocolException f = fault.get();
        OptionalInt exit = OptionalInt.empty();
        if (g != null) {
            Matcher m = EXIT_CODE.matcher(g.message());
            if (m.find()) exit = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        if (exit.isEmpty() && request instanceof CaptureRequest.Launch && frames.get() > 0 && g != null
            && g.reason() == Frame.Goodbye.TARGET_EXIT) {
            exit = OptionalInt.of(helper.exitValue());
        }
        long n = frames.get();
        if (f != null) {
            return new CaptureResult(CaptureResult.Ending.CHANNEL_CORRUPT,
                "the event channel carried data that is not HandleSpy protocol (" + f.getMessage()
                    + "); the " + f.framesDecoded() + " frames before it are kept", exit, n);
        }
        if (g != null && g.reason() == Frame.Goodbye.TARGET_EXIT) {
            String how = exit.isPresent() ? "the target exited (exit code " + exit.getAsInt() + ")" : "the target exited";
            return new CaptureResult(CaptureResult.Ending.TARGET_EXITED, how, exit, n);
        }
        if (g != null && g.reason() == Frame.Goodbye.DETACHED) {
            return new CaptureResult(CaptureResult.Ending.DETACHED, "detached; the target keeps running", exit, n);
        }
        String why = g != null ? g.message() : helperErrorText();
        if (why.isBlank()) why = "the helper exited with code " + helper.exitValue() + " without saying why";
        return new CaptureResult(CaptureResult.Ending.HELPER_FAILED, why, exit, n);
    }

    private void collectErrors() {
        try (InputStream err = helper.getErrorStream()) {
            byte[] buf = new byte[4096];
            for (int r; (r = err.read(buf)) > 0; ) {
                synchronized (helperErrors) {
                    if (helperErrors.length() < 65536) helperErrors.append(new String(buf, 0, r, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException ignored) {
            // The helper is gone; what it said so far is all there is.
        }
    }

    private String helperErrorText() {
        synchronized (helperErrors) {
            return helperErrors.toString().strip();
        }
    }
}
