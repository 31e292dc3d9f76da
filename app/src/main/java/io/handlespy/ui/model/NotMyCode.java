package io.handlespy.ui.model;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.util.List;
import java.util.Locale;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Modules the user says are not their code (a vendor SDK, a framework DLL). The
 * "Where" column skips their frames as it skips the C runtime and OS libraries,
 * so it lands on the user's own line. Kept in the user's preferences.
 */
public final class NotMyCode {
    private final Preferences node;
    private final ObservableList<String> modules = FXCollections.observableArrayList();
    private final ObservableList<String> readOnly = FXCollections.unmodifiableObservableList(modules);

    public NotMyCode(Preferences node) {
        this.node = node;
        for (String m : node.get("modules", "").split("\n")) if (!m.isBlank()) modules.add(m.strip());
    }

    /** A module's file name, as the list holds it: "/usr/lib/libfoo.so.1" → "libfoo.so.1". */
    public static String nameOf(String modulePath) {
        int i = Math.max(modulePath.lastIndexOf('/'), modulePath.lastIndexOf('\\'));
        return modulePath.substring(i + 1);
    }

    public void add(String module) {
        String name = nameOf(module.strip());
        if (name.isEmpty() || covers(name)) return;
        modules.add(name);
        save();
    }

    public void remove(String module) {
        modules.removeIf(m -> m.equalsIgnoreCase(nameOf(module)));
        save();
    }

    private boolean covers(String name) {
        return modules.stream().anyMatch(m -> m.equalsIgnoreCase(name));
    }

    /** Whether {@code f} is in a module on the list. */
    public boolean covers(StackFrame f) {
        return f.module() != null && covers(nameOf(f.module()));
    }

    /** Whether the Where column skips {@code f}: a system or hook frame, or one in a listed module. */
    public boolean skips(StackFrame f) {
        return UserFrames.isSystem(f) || covers(f);
    }

    /** The innermost frame the Where column shows; as {@link UserFrames#innermostUser} when all are skipped. */
    public StackFrame innermostMine(List<StackFrame> stack) {
        for (StackFrame f : stack) if (!skips(f)) return f;
        return UserFrames.innermostUser(stack);
    }

    private void save() {
        try {
            node.put("modules", String.join("\n", modules));
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            // The list still applies for this session; it just will not survive a restart.
        }
    }

    public ObservableList<String> modules() { return readOnly; }
}
