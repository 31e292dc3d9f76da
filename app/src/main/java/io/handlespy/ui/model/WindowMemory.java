package io.handlespy.ui.model;

import io.handlespy.ui.model.Placement.Rect;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The main window's last size, position and maximized state, kept in the user's preferences. */
public final class WindowMemory {
    private final Preferences node;

    /** How the window was left: its normal (not maximized) bounds, and whether it was maximized. */
    public record Saved(Rect bounds, boolean maximized) {}

    public WindowMemory(Preferences node) {
        this.node = node;
    }

    public Optional<Saved> load() {
        double w = node.getDouble("width", -1);
        double h = node.getDouble("height", -1);
        if (w <= 0 || h <= 0) return Optional.empty();
        return Optional.of(new Saved(new Rect(node.getDouble("x", 0), node.getDouble("y", 0), w, h),
                node.getBoolean("maximized", false)));
    }

    public void save(Saved s) {
        try {
            write(s);
        } catch (IllegalStateException removed) {
            // The preferences were removed while the window was open (tests do): nothing to keep.
        }
    }

    private void write(Saved s) {
        node.putDouble("x", s.bounds().x());
        node.putDouble("y", s.bounds().y());
        node.putDouble("width", s.bounds().width());
        node.putDouble("height", s.bounds().height());
        node.putBoolean("maximized", s.maximized());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // The window still works; it just opens at the default place next time.
        }
    }
}
