package io.handlespy.cli;

import io.handlespy.capture.CaptureException;
import io.handlespy.capture.CaptureRequest;
import io.handlespy.capture.CaptureResult;
import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.PeImage;
import io.handlespy.capture.ProcessLister;
import io.handlespy.capture.TargetPlatform;
import io.handlespy.capture.TargetProcess;
import io.handlespy.session.RecordingSession;
import io.handlespy.store.IngestProgress;
import io.handlespy.store.RecordingInfo;
import io.handlespy.store.Retention;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "record", sortOptions = false,
    description = {"Attach to a running process (--pid) or launch a program (after --) and record every handle "
        + "it creates and closes into a recording file.",
        "Ends when the target exits, after --duration, or on Ctrl-C; the target keeps running after a detach."},
    footer = {"", "Exit code: 0 recorded (the target's own exit code is in the summary line); "
        + "2 usage; 3 target not found, access denied or unsupported; 4 recording file problem; "
        + "5 the recording ended early because the helper or the hook failed (what came before is kept)."})
final class RecordCommand implements Callable<Integer> {
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(90);

    @Spec CommandSpec spec;

    @Option(names = "--pid", paramLabel = "PID", description = "Process to attach to (a Windows PID on Windows and with --wine).")
    Long pid;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "Program and arguments to launch (after --).")
    List<String> command;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Recording file to create (.mv.db is added if missing).")
    Path out;

    @ArgGroup(exclusive = true)
    Until until = new Until();

    static final class Until {
        @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop (detach) after this many seconds.")
        Double duration;

        @Option(names = "--until-exit", description = "Record until the target exits (the default).")
        boolean untilExit;
    }

    @Option(names = "--wine", description = "The target is a Windows program under Wine (Linux only).")
    boolean wine;

    @Option(names = "--wine-prefix", paramLabel = "DIR", description = "The Wine prefix the target runs in "
        + "(implies --wine; default: $WINEPREFIX, else ~/.wine). Noted in the recording.")
    Path winePrefix;

    @Option(names = "--follow-children", description = "Record every descendant of the launched program too (fork, "
        + "exec, posix_spawn), each as its own process; leaks, info and export show and filter by process (Linux).")
    boolean followChildren;

    @Option(names = "--drop", description = "Drop (and count) events instead of slowing the target when HandleSpy falls behind.")
    boolean drop;

    @Option(names = "--retain", paramLabel = "MODE", converter = RetentionOption.class,
        description = "What to keep of each handle: 'full' (the default) keeps every lifetime; 'open' keeps every "
            + "handle still open in full and counts closed ones per stack and time bucket, for services recorded "
            + "for days (see handlespy info for what becomes approximate).")
    Retention retain = Retention.FULL;

    @Option(names = "--mark-every", paramLabel = "SECONDS", description = "Put an iteration marker every SECONDS "
        + "(for leaks --per-iteration); 'handlespy mark FILE' adds markers by hand while recording.")
    Double markEvery;

    @Override
    public Integer call() throws Exception {
        CaptureRequest request = request();
        if (markEvery != null && !(markEvery > 0)) {
            throw new FailureHandler.UsageException("--mark-every needs a positive number of seconds, not " + markEvery);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("handlespy: " + describe(request) + "…");
        try (RecordingSession session = RecordingSession.start(request, out, retain, NativeLocator.fromEnvironment(),
                HelperRunner.forWindowsHelper(winePrefix), ATTACH_TIMEOUT)) {
            Markers every = markEvery == null ? null : new Markers(session.recording(), markEvery);
            CountDownLatch finalized = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                session.stop();
                try {
                    finalized.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "handlespy-ctrl-c");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            ProgressLine progress = new ProgressLine(err, System.console() != null);
            long deadline = until.duration == null ? Long.MAX_VALUE
                : System.nanoTime() + (long) (until.duration * 1e9);
            while (session.isRunning()) {
                if (System.nanoTime() >= deadline) session.stop();
                progress.update(session.progress());
                if (every != null) every.poll();
                waitForEnd(session, Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            RecordingSession.SessionResult result;
            try {
                result = session.awaitEnd();
            } finally {
                finalized.countDown();
            }
            progress.finish(session.progress());
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C is what ended the recording: the hook is already running and waits for us.
            }
            RecordingInfo info = result.info();
            err.printf("handlespy: %s. Recorded %,d events (%,d creates, %,d closes, %,d drops) into %s; %,d handles open at the end.%n",
                result.capture().message(), info.events(), info.creates(), info.closes(), info.drops(), info.file(),
                info.openAtEnd());
            int markers = session.recording().markers().size();
            if (markers > 0) {
                err.printf("handlespy: %d iteration markers; next: handlespy leaks %s --per-iteration%n", markers,
                    info.file());
            }
            err.println("handlespy: next: handlespy leaks " + info.file());
            return incomplete(result.capture()) ? ExitCodes.RECORDING_INCOMPLETE : ExitCodes.OK;
        }
    }

    /** The helper or the hook failed mid-way: say so in the exit code, not only in the summary line. */
    private static boolean incomplete(CaptureResult capture) {
        return capture.ending() == CaptureResult.Ending.HELPER_FAILED
            || capture.ending() == CaptureResult.Ending.CHANNEL_CORRUPT;
    }

    private static void waitForEnd(RecordingSession session, long millis) throws InterruptedException {
        try {
            session.capture().ended().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // The next progress line is due.
        } catch (ExecutionException e) {
            throw new IllegalStateException("capture end is always completed normally", e.getCause());
        }
    }

    private CaptureRequest request() throws FailureHandler.UsageException, CaptureException {
        boolean hasCommand = command != null && !command.isEmpty();
        if ((pid == null) == !hasCommand) {
            throw new FailureHandler.UsageException("give either --pid PID or a program to launch after --, not both or neither");
        }
        if ((wine || winePrefix != null) && Host.isWindows()) {
            throw new FailureHandler.UsageException("--wine is for Linux; on Windows, record Windows processes directly");
        }
        if (winePrefix != null && !Files.isDirectory(winePrefix)) {
            throw new FailureHandler.UsageException("--wine-prefix " + winePrefix + " is not a directory");
        }
        boolean windowsTarget = wine || winePrefix != null || Host.isWindows();
        if (followChildren && (pid != null || windowsTarget)) {
            throw new FailureHandler.UsageException("--follow-children goes with a Linux program launched after --, "
                + "not with --pid or Windows targets");
        }
        if (pid != null) {
            TargetPlatform platform = windowsTarget ? windowsProcessPlatform(pid, winePrefix) : TargetPlatform.LINUX_X64;
            return new CaptureRequest.Attach(platform, pid, drop);
        }
        TargetPlatform platform = TargetPlatform.LINUX_X64;
        if (windowsTarget) {
            Path program = Path.of(command.get(0));
            platform = Files.isRegularFile(program) ? PeImage.platformOf(program) : TargetPlatform.WINDOWS_X64;
        }
        return new CaptureRequest.Launch(platform, command, null, drop, null, followChildren);
    }

    private static TargetPlatform windowsProcessPlatform(long pid, Path winePrefix) throws CaptureException {
        return new ProcessLister(NativeLocator.fromEnvironment()).windows(HelperRunner.forWindowsHelper(winePrefix)).stream()
            .filter(p -> p.pid() == pid).findFirst().map(TargetProcess::platform)
            .orElseThrow(() -> new CaptureException(CaptureException.Reason.NO_SUCH_PROCESS_OR_ACCESS_DENIED,
                Host.isWindows() ? "no process has PID " + pid + "; list them with: handlespy ps"
                    : "no Wine process has PID " + pid + (winePrefix == null ? "" : " in the prefix " + winePrefix)
                        + "; list them with: handlespy ps --wine" + (winePrefix == null ? "" : " --wine-prefix " + winePrefix)));
    }

    private static String describe(CaptureRequest r) {
        return switch (r) {
            case CaptureRequest.Attach a -> "attaching to PID " + a.pid() + " (" + a.platform().folder() + ")";
            case CaptureRequest.Launch l -> "launching " + String.join(" ", l.command()) + " (" + l.platform().folder() + ")";
        };
    }

    /** The live progress line on stderr: redrawn in place on a terminal, a line every 5 s otherwise. */
    private static final class ProgressLine {
        private final PrintWriter err;
        private final boolean terminal;
        private long lastPrintNanos;
        private long eventsAtLastPrint;
        private long elapsedAtLastPrint;

        ProgressLine(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void update(IngestProgress p) {
            long now = System.nanoTime();
            if (now - lastPrintNanos < (terminal ? 500_000_000L : 5_000_000_000L)) return;
            print(p);
            lastPrintNanos = now;
        }

        void finish(IngestProgress p) {
            print(p);
            if (terminal) err.println();
        }

        /** Events per second since the previous line, in recording time, so a pause shows as a drop. */
        private void print(IngestProgress p) {
            long span = p.elapsedNanos() - elapsedAtLastPrint;
            double rate = span > 0 ? (p.events() - eventsAtLastPrint) * 1e9 / span : 0;
            eventsAtLastPrint = p.events();
            elapsedAtLastPrint = p.elapsedNanos();
            String os = p.lastOsCount() >= 0 ? String.format(" (OS: %,d)", p.lastOsCount()) : "";
            String line = String.format("[%7.1f s] %,d events (%,.0f/s) · %,d live handles%s · %,d drops",
                p.elapsedNanos() / 1e9, p.events(), rate, p.liveHandles(), os, p.drops());
            if (terminal) err.print("\r" + line + "\u001b[K");
            else err.println(line);
            err.flush();
        }
    }
}
