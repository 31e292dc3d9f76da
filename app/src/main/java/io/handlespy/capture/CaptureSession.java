package io.handlespy.capture;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import io.handlespy.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    /** Most frames handed to the sink at once. */
    private static final int HANDOFF_RUN = 1024;

    private final Process helper;
    private final EventChannel channel;
    private final CaptureRequest request;
    private final TargetOutput output;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicReference<Frame.Hello> hello = new AtomicReference<>();
    private final AtomicReference<Frame.Goodbye> goodbye = new AtomicReference<>();
    private final AtomicReference<ProtocolException> fault = new AtomicReference<>();
    private final CompletableFuture<CaptureResult> ended = new CompletableFuture<>();
    private final StringBuilder helperErrors = new StringBuilder();

    private CaptureSession(Process helper, EventChannel channel, CaptureRequest request, TargetOutput output) {
        this.helper = helper;
        this.channel = channel;
        this.request = request;
        this.output = output;
    }

    /**
     * Starts the helper and returns once the agent has said HELLO. A launched
     * target's relayed console output goes to this process's stdout and stderr.
     *
     * @throws CaptureException the target could not be attached or launched; the message says why
     */
    public static CaptureSession start(CaptureRequest request, NativeLocator natives, FrameSink sink,
                                       Duration attachTimeout) throws CaptureException {
        return start(request, natives, HelperRunner.forWindowsHelper(), sink, attachTimeout);
    }

    /** As above, with the Windows helper run by {@code windows} (e.g. in a chosen Wine prefix). */
    public static CaptureSession start(CaptureRequest request, NativeLocator natives, HelperRunner windows,
                                       FrameSink sink, Duration attachTimeout) throws CaptureException {
        TargetOutput output = request instanceof CaptureRequest.Launch l && l.output() != null
            ? TargetOutput.appendingTo(l.output()) : TargetOutput.STANDARD;
        return start(request, natives, windows, sink, output, attachTimeout);
    }

    /**
     * As above, with how the Windows helper runs here ({@code windows}) and where a
     * launched target's relayed output goes made explicit.
     */
    public static CaptureSession start(CaptureRequest request, NativeLocator natives, HelperRunner windows,
                                       FrameSink sink, TargetOutput output, Duration attachTimeout)
        throws CaptureException {
        Path injector = natives.injector(request.platform());
        HelperRunner runner = request.platform().isWindows() ? windows : HelperRunner.DIRECT;
        EventChannel channel = EventChannel.forTarget(request.platform());
        List<String> args = HelperCommand.arguments(request, channel, runner::helperPath);
        ProcessBuilder pb = runner.processBuilder(runner.command(injector, args));
        channel.configure(pb, request instanceof CaptureRequest.Launch);
        if (request instanceof CaptureRequest.Launch l) {
            // the Linux helper passes the target its own stdout; the Windows helper relays it in the stream
            if (l.output() != null && !request.platform().isWindows()) {
                pb.redirectOutput(l.output().toFile()).redirectErrorStream(true);
            }
            if (l.workingDirectory() != null) pb.directory(l.workingDirectory().toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            channel.close();
            throw new CaptureException(CaptureException.Reason.HELPER_MISSING, runner.cannotStart(injector, e.getMessage()), e);
        }
        CaptureSession session = new CaptureSession(process, channel, request, output);
        session.run(sink, pb.redirectError() == ProcessBuilder.Redirect.PIPE);
        session.awaitHello(attachTimeout);
        return session;
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

    /**
     * Ends a capture whose frames can no longer be kept (the recording could not be made):
     * a launched Linux target is killed, with what it started, since nothing would record
     * it any more and it would run on unseen; an attached target is detached from and runs
     * on as before. {@link #ended()} completes once the helper is gone.
     */
    public void abort() {
        Frame.Hello h = hello.get();
        if (request instanceof CaptureRequest.Launch && !request.platform().isWindows() && h != null) {
            // only the helper's own child: a PID reused after the target's exit is left alone
            ProcessHandle.of(h.pid()).filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == helper.pid())
                .ifPresent(target -> {
                    target.descendants().forEach(ProcessHandle::destroyForcibly);
                    target.destroyForcibly();
                });
        }
        requestStop();
    }

    private void run(FrameSink sink, boolean helperStderrPiped) {
        Thread stderr = helperStderrPiped
            ? Thread.ofPlatform().daemon().name("handlespy-helper-stderr").start(this::collectErrors) : null;
        Thread reader = Thread.ofPlatform().name("handlespy-capture-reader").start(() -> read(sink));
        helper.onExit().thenRun(() -> {
            channel.helperExited();
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
        try (InputStream in = channel.open(helper)) {
            FrameDecoder decoder = new FrameDecoder(in);
            List<Frame> run = new ArrayList<>(HANDOFF_RUN);
            try {
                for (Frame f; (f = decoder.next()) != null; ) {
                    if (f instanceof Frame.Output o) {
                        output.write(o);
                    } else {
                        frames.incrementAndGet();
                        if (f instanceof Frame.Hello h && hello.compareAndSet(null, h)) started.countDown();
                        if (f instanceof Frame.Goodbye g) goodbye.set(g);
                        run.add(f);
                    }
                    // before a read that may wait for the helper, the sink gets what is decoded
                    if (run.size() == HANDOFF_RUN || !run.isEmpty() && !decoder.hasBufferedFrame()) handOff(sink, run);
                }
                handOff(sink, run);
            } catch (ProtocolException e) {
                fault.set(e);
                keepDecoded(sink, run);
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

    private static void handOff(FrameSink sink, List<Frame> run) throws InterruptedException {
        sink.acceptAll(run);
        run.clear();
    }

    /** The frames decoded before a fault are kept, as the result says. */
    private static void keepDecoded(FrameSink sink, List<Frame> run) {
        try {
            handOff(sink, run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
