package io.handlespy.ui.model;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Where new recordings go: a folder the user sees and can change in the process
 * picker (remembered), each recording named after its target and start time.
 */
public final class RecordingFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");

    /** The folder last chosen in {@code node}, else {@code fallback}. */
    public RecordingFolder(Preferences node, Path fallback) {
        String saved = node.get("folder", null);
        folder.set(saved == null ? fallback : Path.of(saved));
        folder.addListener((o, was, now) -> {
            if (now == null) return;
            node.put("folder", now.toAbsolutePath().toString());
            try {
                node.flush();
            } catch (BackingStoreException e) {
                // Still used for this session; the default comes back after a restart.
            }
        });
    }

    /** ~/handlespy-recordings, unless the user chose another folder. */
    public static RecordingFolder forUser(Preferences node) {
        return new RecordingFolder(node, Path.of(System.getProperty("user.home"), "handlespy-recordings"));
    }

    /** The file a recording of {@code what} started at {@code now} goes to: folder/what-yyyyMMdd-HHmmss.mv.db. */
    public Path fileFor(String what, LocalDateTime now) {
        String safe = what.replaceAll("[^A-Za-z0-9._-]", "_");
        return folder.get().resolve(safe + "-" + now.format(STAMP) + ".mv.db");
    }

    public ObjectProperty<Path> folderProperty() { return folder; }
}
