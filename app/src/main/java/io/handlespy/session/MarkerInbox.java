package io.handlespy.session;

import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The side channel through which {@code handlespy mark} reaches a running recorder.
 * The recording file is held open by the recorder (H2 locks it), so another process
 * cannot write a marker into it. Instead the recorder owns a folder next to the file,
 * {@code NAME.mv.db.marks/}, holding {@value #OWNER} (the recorder's PID); a marker
 * request is one file {@code *.mark} (first line: wall-clock time in ns since the Unix
 * epoch, second line: the label), written under another name and renamed into place so
 * the recorder never reads half a request. The recorder stores each request as a
 * marker at that time (converted with the recording's start time) and answers with
 * {@code *.stored} holding the marker's recording time in ns, which the poster reads and
 * deletes. The recorder removes the folder when the recording ends; a request it never
 * answered was not stored.
 */
public final class MarkerInbox implements AutoCloseable {
    static final String OWNER = "recorder.pid";
    private static final String SUFFIX = ".mark", STORED = ".stored";

    private final Path folder;

    private MarkerInbox(Path folder) {
        this.folder = folder;
    }

    /** The request folder of a recording ({@code foo} or {@code foo.mv.db}). */
    public static Path folderOf(Path recording) {
        Path f = Recording.normalize(recording);
        return f.resolveSibling(f.getFileName() + ".marks");
    }

    /**
     * Opens the inbox of a recording this process is writing. A folder left by a killed
     * recorder is emptied first: its requests were meant for another recording.
     */
    public static MarkerInbox open(Path recording) throws IOException {
        Path folder = folderOf(recording);
        Files.createDirectories(folder);
        empty(folder);
        Files.writeString(folder.resolve(OWNER), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        return new MarkerInbox(folder);
    }

    /** The PID of the process recording into {@code recording} if it is running and takes markers. */
    public static Optional<Long> recorder(Path recording) {
        Path owner = folderOf(recording).resolve(OWNER);
        try {
            long pid = Long.parseLong(Files.readString(owner, StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Leaves a marker request for the recorder; returns the request file, for {@link #awaitStored}. */
    public static Path post(Path recording, Instant at, String label) throws IOException {
        Path folder = folderOf(recording);
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        String name = String.format("%020d-%s", nanos, UUID.randomUUID());
        Path partial = folder.resolve("." + name + ".partial");
        Path request = folder.resolve(name + SUFFIX);
        String oneLine = label == null ? "" : label.replace('\r', ' ').replace('\n', ' ');
        Files.writeString(partial, nanos + "\n" + oneLine + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(partial, request, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, request);
        }
        return request;
    }

    /**
     * Waits for the recorder's answer to a request from {@link #post}: the marker's
     * recording time in ns, or empty when the recorder did not store it in time or
     * ended first.
     */
    public static Optional<Long> awaitStored(Path request, Duration timeout) throws InterruptedException {
        String name = request.getFileName().toString();
        Path answer = request.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + STORED);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && Files.isDirectory(request.getParent())) {
            try {
                if (Files.exists(answer)) {
                    long t = Long.parseLong(Files.readString(answer, StandardCharsets.UTF_8).strip());
                    Files.deleteIfExists(answer);
                    return Optional.of(t);
                }
            } catch (IOException | NumberFormatException e) {
                // The answer is being written or the folder went away: look again.
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /**
     * Stores every waiting request as a marker, oldest first, and deletes it. Waits (returns 0)
     * until the recording knows its start time. A malformed request is deleted and skipped.
     */
    public int deliver(Recording recording) throws RecordingException {
        long started = recording.info().startedAtUnixNanos();
        if (started == 0) return 0;
        List<Path> requests = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            d.forEach(requests::add);
        } catch (IOException e) {
            return 0;
        }
        requests.sort(null);
        int n = 0;
        for (Path r : requests) {
            Optional<Marker> m = read(r, started);
            try {
                if (m.isPresent()) {
                    recording.addMarker(m.get());
                    n++;
                    String name = r.getFileName().toString();
                    Files.writeString(r.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + STORED),
                        Long.toString(m.get().timeNanos()), StandardCharsets.UTF_8);
                }
                Files.deleteIfExists(r);
            } catch (IOException e) {
                throw new RecordingException("cannot remove the marker request " + r + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    private static Optional<Marker> read(Path request, long startedUnixNanos) {
        try {
            List<String> lines = Files.readAllLines(request, StandardCharsets.UTF_8);
            long at = Long.parseLong(lines.get(0).strip());
            return Optional.of(new Marker(Math.max(0, at - startedUnixNanos), lines.size() > 1 ? lines.get(1) : ""));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the folder; requests still in it were not delivered and are dropped with it. */
    @Override
    public void close() throws IOException {
        empty(folder);
        Files.deleteIfExists(folder);
    }

    private static void empty(Path folder) throws IOException {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
            for (Path p : d) Files.deleteIfExists(p);
        }
    }
}
