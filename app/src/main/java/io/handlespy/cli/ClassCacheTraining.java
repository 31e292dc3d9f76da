package io.handlespy.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run the launchers train their class cache with (JDK 25's AOT cache, or a
 * CDS archive before it): a short recording of {@code /bin/true}, then
 * {@code info} and {@code leaks} on it, in one JVM, output discarded. The
 * launcher starts it in the background the first time it finds no cache, so the
 * classes every later start needs are the ones this loaded.
 * Usage: {@code ClassCacheTraining WORK_DIRECTORY} (created, and emptied afterwards).
 */
public final class ClassCacheTraining {
    private ClassCacheTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ClassCacheTraining WORK_DIRECTORY");
            System.exit(2);
        }
        // The launchers start io.handlespy.Main, which this run does not call: loaded here, it goes into the
        // cache, and a start no longer looks for it on the class path, opening jar after jar until handlespy.jar.
        try {
            Class.forName("io.handlespy.Main", false, ClassCacheTraining.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the application's main class is missing", e);
        }
        Path work = Files.createDirectories(Path.of(args[0]));
        Path recording = work.resolve("training.mv.db");
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
        try {
            HandleSpyCli.run(discard, discard, "record", "--out", recording.toString(), "--", "/bin/true");
            HandleSpyCli.run(discard, discard, "info", recording.toString());
            HandleSpyCli.run(discard, discard, "leaks", recording.toString());
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
        }
        System.exit(0);
    }
}
