package io.handlespy.ui.source;

import io.handlespy.capture.CaptureRequest;
import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.PeImage;
import io.handlespy.capture.TargetPlatform;
import io.handlespy.session.RecordingSession;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.IngestProgress;
import io.handlespy.store.Marker;
import io.handlespy.store.RecordingException;
import io.handlespy.store.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link RecordingStarter} over the recording session the CLI's {@code record} uses too. */
public final class SessionStarter implements RecordingStarter {
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TARGET_END_TIMEOUT = Duration.ofSeconds(10);

    private final NativeLocator natives;

    public SessionStarter(NativeLocator natives) {
        this.natives = natives;
    }

    @Override
    public LiveCapture attach(ProcessEntry process, Path out, Retention retention) throws Exception {
        TargetPlatform platform = process.wine() ? TargetPlatform.windows(process.arch()) : TargetPlatform.LINUX_X64;
        return start(new CaptureRequest.Attach(platform, process.pid(), false), out, retention,
                process.wine() ? process.winePrefix() : null);
    }

    @Override
    public LiveCapture launch(LaunchSpec spec, Path out, Retention retention) throws Exception {
        TargetPlatform platform = TargetPlatform.LINUX_X64;
        if (spec.wine() || Host.isWindows()) {
            Path program = Path.of(spec.program());
            platform = Files.isRegularFile(program) ? PeImage.platformOf(program) : TargetPlatform.WINDOWS_X64;
        }
        List<String> command = new ArrayList<>();
        command.add(spec.program());
        command.addAll(spec.arguments());
        return start(new CaptureRequest.Launch(platform, command, spec.workingDirectory(), false, outputFile(out)), out,
                retention, spec.wine() ? spec.winePrefix() : null);
    }

    /** Next to the recording, so the program's output is kept with it: NAME.mv.db → NAME.output.txt. */
    public static Path outputFile(Path recording) {
        String name = recording.getFileName().toString();
        String base = name.endsWith(".mv.db") ? name.substring(0, name.length() - ".mv.db".length()) : name;
        return recording.resolveSibling(base + ".output.txt");
    }

    /** {@code winePrefix}: the prefix a Windows target runs in under Wine (null: Wine's default). */
    private LiveCapture start(CaptureRequest request, Path out, Retention retention, Path winePrefix) throws Exception {
        HelperRunner windows = HelperRunner.forWindowsHelper(winePrefix);
        return new SessionCapture(RecordingSession.start(request, out, retention, natives, windows, ATTACH_TIMEOUT),
                natives, windows);
    }

    /**
     * A running session. A watcher finalizes the recording as soon as the capture
     * ends (target exit or detach), so the file is complete even if the app is
     * closed right after.
     */
    private static final class SessionCapture implements LiveCapture {
        private final RecordingSession session;
        private final RecordingQueries queries;
        private final CompletableFuture<String> finalized = new CompletableFuture<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        private final HelperRunner windows;

        SessionCapture(RecordingSession session, NativeLocator natives, HelperRunner windows) {
            this.session = session;
            this.windows = windows;
            String platform = session.capture().request().platform().isWindows() ? "windows" : "linux";
            this.queries = new AnalysisQueries(session.recording(),
                    Symbolizers.forPlatform(platform, natives, windows.winePrefix()), this::close);
            Thread.ofPlatform().daemon().name("handlespy-ui-capture-end").start(() -> {
                try {
                    finalized.complete(session.awaitEnd().capture().message());
                } catch (InterruptedException | RecordingException | RuntimeException e) {
                    finalized.complete("recording could not be finalized: " + e.getMessage());
                }
            });
        }

        @Override public RecordingQueries queries() { return queries; }

        @Override public IngestProgress progress() { return session.progress(); }

        @Override public String endReason() { return finalized.getNow(null); }

        @Override
        public Marker mark(String label) throws RecordingException {
            return session.markNow(label).orElseThrow(() -> new RecordingException(
                "The target has not sent its first events yet; mark again in a moment."));
        }

        @Override
        public void stop() throws Exception {
            session.stop();
            finalized.get();
        }

        @Override
        public boolean launched() { return session.capture().request() instanceof CaptureRequest.Launch; }

        @Override
        public Path output() {
            return session.capture().request() instanceof CaptureRequest.Launch l ? l.output() : null;
        }

        /**
         * A Linux target is terminated by its PID; a Windows one under Wine by {@code taskkill}, since its
         * PID is Wine's. If it does not go, the capture is detached so the file is still finalized.
         */
        @Override
        public void endTarget() throws Exception {
            long pid = session.recording().info().pid();
            if (session.capture().request().platform().isWindows()) {
                windows.processBuilder(List.of("wine", "taskkill", "/F", "/PID", Long.toString(pid)))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(TARGET_END_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } else {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
            try {
                finalized.get(TARGET_END_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                stop();
            }
        }

        /** Ends the session (writer and recording); the queries close it too, whichever comes first. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) session.close();
        }
    }
}
