package io.handlespy.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One capture's private directory and the control file in it, whose appearance
 * asks the helper to detach. {@link Files#createTempDirectory} makes the directory
 * readable by this user only (on Windows, the user's own temp folder is).
 */
final class ControlFile implements AutoCloseable {
    private final Path dir;
    private final Path control;

    private ControlFile(Path dir) {
        this.dir = dir;
        this.control = dir.resolve("detach");
    }

    static ControlFile create() throws CaptureException {
        try {
            return new ControlFile(Files.createTempDirectory("handlespy-"));
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Reason.FAILED,
                "could not create the capture's directory in the temporary folder: " + e.getMessage(), e);
        }
    }

    Path dir() { return dir; }

    Path path() { return control; }

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
