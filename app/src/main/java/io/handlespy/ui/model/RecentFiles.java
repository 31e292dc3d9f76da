package io.handlespy.ui.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The most recently opened recordings, newest first, kept in the user's preferences. */
public final class RecentFiles {
    public static final int LIMIT = 10;

    private final Preferences node;
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh one per call would drop its listeners when garbage collected. */
    private final ObservableList<Path> readOnly = FXCollections.unmodifiableObservableList(files);

    public RecentFiles(Preferences node) {
        this.node = node;
        for (int i = 0; i < LIMIT; i++) {
            String s = node.get(key(i), null);
            if (s != null) files.add(Path.of(s));
        }
    }

    /** The app's node for the current user. */
    public static RecentFiles forUser() {
        return new RecentFiles(Preferences.userRoot().node("io/handlespy/recent"));
    }

    public void add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        List<Path> next = new ArrayList<>(files);
        next.remove(p);
        next.add(0, p);
        while (next.size() > LIMIT) next.remove(next.size() - 1);
        files.setAll(next);
        save();
    }

    public void remove(Path file) {
        files.remove(file.toAbsolutePath().normalize());
        save();
    }

    private void save() {
        for (int i = 0; i < LIMIT; i++) {
            if (i < files.size()) node.put(key(i), files.get(i).toString()); else node.remove(key(i));
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // The list still works for this session; it just will not survive a restart.
        }
    }

    private static String key(int i) { return "file" + i; }

    public ObservableList<Path> files() { return readOnly; }
}
