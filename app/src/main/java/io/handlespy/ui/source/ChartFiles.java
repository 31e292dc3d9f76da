package io.handlespy.ui.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes an exported chart, whole or not at all: to a temporary file first, then moved into place. */
public final class ChartFiles {
    private ChartFiles() {}

    public static void writeSvg(Path target, String svg) throws IOException {
        Path tmp = temporaryNextTo(target);
        try {
            Files.writeString(tmp, svg, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writePng(Path target, BufferedImage image) throws IOException {
        Path tmp = temporaryNextTo(target);
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("this Java has no PNG writer");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporaryNextTo(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + target.getFileName(), ".part");
    }
}
