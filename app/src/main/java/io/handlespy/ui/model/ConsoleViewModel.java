package io.handlespy.ui.model;

import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The console of a program HandleSpy launched: its stdout and stderr, which the
 * capture writes to a file, followed as it grows, then how it ended.
 */
public final class ConsoleViewModel {
    /** The pane keeps the newest output only: a chatty program must not slow the window down. */
    static final int MAX_CHARS = 200_000;
    private static final Pattern EXIT_CODE = Pattern.compile("exit code (-?\\d+)");

    private final Background background;
    private final Path file;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "Running");
    private long offset;
    private boolean reading;
    private boolean finalReadDue;
    private String endReason;

    public ConsoleViewModel(Background background, Path file) {
        this.background = background;
        this.file = file;
    }

    /** Reads what the program wrote since the last poll (whole lines; all of it once ended). */
    public void poll() {
        if (reading) return;
        reading = true;
        long from = offset;
        boolean all = endReason != null;
        background.submit("Reading the program's output", p -> Chunk.read(file, from, all), new Outcome<Chunk>() {
            @Override public void succeeded(Chunk c) {
                reading = false;
                offset += c.bytes();
                append(c.text());
                if (all && endReason != null) {
                    state.set(describeEnd(endReason));
                } else if (finalReadDue) {
                    finalReadDue = false;
                    poll();
                }
            }

            @Override public void failed(Throwable error) {
                reading = false;
                state.set("Cannot read the output: " + UserMessage.of("", error).text());
            }
        });
    }

    /**
     * The capture ended: reads the rest and says how the program ended. A read
     * still under way finishes first (two reads from one offset would show its
     * text twice); the final read follows it.
     */
    public void ended(String reason) {
        endReason = reason == null ? "ended" : reason;
        if (reading) finalReadDue = true;
        else poll();
    }

    private void append(String more) {
        if (more.isEmpty()) return;
        String all = text.get() + more;
        text.set(all.length() > MAX_CHARS ? all.substring(all.length() - MAX_CHARS) : all);
    }

    /** "Exited with code 3" when the reason carries an exit code, else the reason itself. */
    static String describeEnd(String reason) {
        Matcher m = EXIT_CODE.matcher(reason);
        return m.find() ? "Exited with code " + m.group(1) : "Ended: " + reason;
    }

    /** New output: the bytes taken from the file and their text. */
    record Chunk(long bytes, String text) {
        static Chunk read(Path file, long from, boolean all) throws IOException {
            byte[] b;
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(Math.min(from, Files.size(file)));
                b = in.readAllBytes();
            } catch (NoSuchFileException notYet) {
                return new Chunk(0, "");
            }
            int end = b.length;
            if (!all) {
                // Whole lines only, so a character split across two reads is never decoded in halves.
                while (end > 0 && b[end - 1] != '\n') end--;
            }
            return new Chunk(end, new String(b, 0, end, StandardCharsets.UTF_8));
        }
    }

    public Path file() { return file; }

    public ReadOnlyStringProperty textProperty() { return text.getReadOnlyProperty(); }

    /** "Running", then how the program ended ("Exited with code 3"). */
    public ReadOnlyStringProperty stateProperty() { return state.getReadOnlyProperty(); }
}
