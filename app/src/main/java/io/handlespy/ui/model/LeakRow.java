package io.handlespy.ui.model;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.util.Locale;

/** One row of the leak table: a create stack and what it leaked. */
public record LeakRow(LeakGroup group, String types, String where, String module) {

    public static LeakRow of(LeakGroup group) {
        return of(group, UserFrames.innermostUser(group.stack()));
    }

    /** A row whose Where column also skips the modules the user listed as not theirs. */
    public static LeakRow of(LeakGroup group, NotMyCode notMine) {
        return of(group, notMine.innermostMine(group.stack()));
    }

    private static LeakRow of(LeakGroup group, StackFrame user) {
        String where = user == null ? "(no stack)" : user.display();
        String module = user == null || user.module() == null ? "" : shortName(user.module());
        return new LeakRow(group, Formats.types(group.types()), where, module);
    }

    public int count() { return group.count(); }

    public long firstCreatedNanos() { return group.firstCreatedNanos(); }

    public long lastCreatedNanos() { return group.lastCreatedNanos(); }

    /** The process that leaked these handles in a followed tree (record --follow-children), else 0. */
    public long pid() { return group.pid(); }

    /** Filter word that keeps the rows of one process of a followed tree: {@code pid:1234}. */
    public static final String PROCESS_WORD = "pid:";

    /** Filter word that keeps the rows of one category: {@code category:kernel}, {@code category:gdi}, {@code category:user}. */
    public static final String CATEGORY_WORD = "category:";

    /**
     * Whether the filter text matches the row: every word must occur (case-insensitively) in a
     * type, in a module or function of any frame, or in a handle's name; a word
     * {@code category:NAME} must name the row's category exactly, {@code pid:N} its process.
     */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) return true;
        for (String word : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!matchesWord(word)) return false;
        }
        return true;
    }

    private boolean matchesWord(String word) {
        if (word.startsWith(CATEGORY_WORD)) return group.category().cliName().equals(word.substring(CATEGORY_WORD.length()));
        if (word.startsWith(PROCESS_WORD)) return Long.toString(group.pid()).equals(word.substring(PROCESS_WORD.length()));
        for (String type : group.types().keySet()) if (contains(type, word)) return true;
        for (StackFrame f : group.stack()) {
            if (contains(f.module(), word) || contains(f.function(), word) || contains(f.file(), word)) return true;
        }
        for (LeakedHandle h : group.handles()) if (contains(h.name(), word)) return true;
        return false;
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static String shortName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1);
    }
}
