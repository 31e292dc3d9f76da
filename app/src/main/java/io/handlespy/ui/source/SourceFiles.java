package io.handlespy.ui.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the lines around a source line from a file on this machine, for the source pane. */
public final class SourceFiles {
    private SourceFiles() {}

    /** Lines {@code first}.. of {@code file}, the one asked for among them. */
    public record Excerpt(Path file, int first, int line, List<String> lines) {}

    /**
     * Up to {@code context} lines either side of {@code line} (1-based). Malformed bytes read as
     * replacement characters: a source file in another encoding is still worth seeing.
     */
    public static Excerpt read(Path file, int line, int context) throws IOException {
        int first = Math.max(1, line - context);
        List<String> lines = new ArrayList<>();
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            all.skip(first - 1L).limit((long) line - first + context + 1)
               .forEach(l -> lines.add(new String(l.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
        if (lines.size() < line - first + 1) throw new IOException(file + " has no line " + line);
        return new Excerpt(file, first, line, List.copyOf(lines));
    }
}
