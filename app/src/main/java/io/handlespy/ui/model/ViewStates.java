package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The selected window and horizon of each recording, kept in the user's
 * preferences so a reopened recording shows the same view. Keyed by a hash of
 * the file's absolute path (preference keys are short).
 */
public final class ViewStates {
    private final Preferences node;

    /** A recording's view: the selection (none means the whole recording) and the horizon. */
    public record ViewState(Optional<TimeWindow> selection, Horizon horizon) {}

    public ViewStates(Preferences node) {
        this.node = node;
    }

    public Optional<ViewState> load(Path file) {
        Preferences p = node.node(key(file));
        String horizon = p.get("horizon", null);
        if (horizon == null) return Optional.empty();
        long from = p.getLong("from", -1);
        long to = p.getLong("to", -1);
        Optional<TimeWindow> sel = from >= 0 && to > from ? Optional.of(new TimeWindow(from, to)) : Optional.empty();
        try {
            return Optional.of(new ViewState(sel, Horizon.valueOf(horizon)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public void save(Path file, ViewState state) {
        Preferences p = node.node(key(file));
        p.put("horizon", state.horizon().name());
        p.putLong("from", state.selection().map(TimeWindow::fromNanos).orElse(-1L));
        p.putLong("to", state.selection().map(TimeWindow::toNanos).orElse(-1L));
        try {
            p.flush();
        } catch (BackingStoreException e) {
            // The view still works; it just will not be restored next time.
        }
    }

    private static String key(Path file) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
