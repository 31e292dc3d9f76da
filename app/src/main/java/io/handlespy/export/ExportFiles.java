package io.handlespy.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an export to a file so that the file is either complete or untouched:
 * the export goes to a temporary file beside the target, which replaces the
 * target only when the export finished. A cancelled or failed export leaves no
 * partial file behind and keeps whatever was at the target before.
 */
public final class ExportFiles {
    private ExportFiles() {}

    /** What writes the export's bytes into the temporary file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, ExportFormat format, ExportInput input, ExportProgress progress) throws IOException {
        write(target, out -> format.exporter().write(input, out, progress));
    }

    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                body.writeTo(out);
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(partial);
        }
    }
}
