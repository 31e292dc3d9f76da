package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentFilesTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/recenttest/" + System.nanoTime());

    @AfterEach
    void removePrefs() throws Exception {
        prefs.removeNode();
    }

    /** The Recent menu listens once, at start; it must still hear of a file saved much later. */
    @Test
    void aListenerStillHearsOfNewFilesAfterAGarbageCollection() {
        RecentFiles recent = new RecentFiles(prefs);
        List<Path> heard = new ArrayList<>();
        recent.files().addListener((ListChangeListener<Path>) c -> {
            heard.clear();
            heard.addAll(c.getList());
        });
        for (int i = 0; i < 3; i++) System.gc();
        recent.add(Path.of("/tmp/saved.mv.db"));
        assertThat(heard).containsExactly(Path.of("/tmp/saved.mv.db"));
    }
}
