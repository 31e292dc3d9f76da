package io.handlespy.cli;

import io.handlespy.session.MarkerInbox;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "mark", description = {"Mark an iteration boundary in a recording, e.g. before each repetition of "
    + "the action you suspect of leaking; then: handlespy leaks FILE --per-iteration.",
    "While 'handlespy record' writes FILE, the marker is taken now (the recorder picks it up within a fraction of "
        + "a second). A finished recording is marked at --at SECONDS."})
final class MarkCommand implements Callable<Integer> {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RECORDING", description = "The recording being written (or a finished one, with --at).")
    Path file;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "", description = "What the iteration is.")
    String label;

    @Option(names = "--at", paramLabel = "S", description = "Mark a finished recording at S seconds since it started.")
    Double at;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path recording = Recording.normalize(file);
        Optional<Long> recorder = MarkerInbox.recorder(recording);
        if (recorder.isPresent()) {
            if (at != null) {
                throw new FailureHandler.UsageException(recording + " is being recorded (PID " + recorder.get()
                    + "); a marker goes at the current time, leave out --at");
            }
            Path request;
            try {
                request = MarkerInbox.post(recording, Instant.now(), label);
            } catch (IOException e) {
                throw new FailureHandler.UsageException("cannot leave a marker request in "
                    + MarkerInbox.folderOf(recording) + ": " + e.getMessage());
            }
            Optional<Long> stored = MarkerInbox.awaitStored(request, DELIVERY_TIMEOUT);
            if (stored.isEmpty()) {
                Files.deleteIfExists(request);
                throw new RecordingException("the recorder (PID " + recorder.get()
                    + ") did not take the marker within " + DELIVERY_TIMEOUT.toSeconds() + " s; did the recording end?");
            }
            err.printf("handlespy: marked %s at %s s%s%n", recording, Seconds.of(stored.get()), labelSuffix());
            return ExitCodes.OK;
        }
        if (at == null) {
            throw new FailureHandler.UsageException("no recorder is writing " + recording
                + "; to mark a finished recording, give --at SECONDS");
        }
        if (at < 0) throw new FailureHandler.UsageException("--at must be 0 or more, not " + at);
        try (Recording r = Recording.open(recording)) {
            r.addMarker(new Marker(Seconds.toNanos(at), label));
        }
        err.printf("handlespy: marked %s at %s s%s%n", recording, Seconds.of(Seconds.toNanos(at)), labelSuffix());
        return ExitCodes.OK;
    }

    private String labelSuffix() {
        return label.isEmpty() ? "" : " (" + label + ")";
    }
}
