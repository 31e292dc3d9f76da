package io.handlespy.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files one capture uses, in a fresh directory only this user can enter: the
 * FIFO the helper writes frames into, and the control file whose appearance asks
 * the helper to detach.
 */
final class EventChannel implements AutoCloseable {
    private final Path dir;
    private final Path events;
    private final Path control;

    private EventChannel(Path dir) {
        this.dir = dir;
        this.events = dir.resolve("events");
        this.control = dir.resolve("detach");
    }

    static EventChannel create() throws CaptureException {
        try {
            Path dir = Files.createTempDirectory("handlespy-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            EventChannel channel = new EventChannel(dir);
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", channel.events.toString())
                .redirectErrorStream(true).start();
            String out = new String(mkfifo.getInputStream().readAllBytes()).trim();
            if (mkfifo.waitFor() != 0) {
                channel.close();
                throw new CaptureException(CaptureException.Reason.FAILED, "could not create the event channel: " + out);
            }
            return channel;
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Reason.FAILED,
                "could not create the event channel in the temporary directory: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException(CaptureException.Reason.FAILED, "interrupted while creating the event channel", e);
        }
    }

    Path events() { return events; }

    Path control() { return control; }

    void requestDetach() {
        try {
            Files.writeString(control, "detach\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the control file " + control, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover private temp directory is harmless; never fail a recording over it.
        }
    }
}
