package io.handlespy.export;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.LogonSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plain-text table of {@code handlespy leaks --format table}: a summary line,
 * then one row per group with its count, types, first and last creation time
 * (seconds since the recording started) and the frame that created the handles.
 */
public final class TableFormat {
    private static final String[] HEADINGS = {"COUNT", "TYPES", "FIRST (s)", "LAST (s)", "CREATED AT"};

    private TableFormat() {}

    public static String render(LeakReport report) {
        StringBuilder s = new StringBuilder();
        s.append(summary(report)).append('\n');
        if (report.openBeforeRecording() > 0) s.append(openBefore(report)).append('\n');
        if (report.groups().isEmpty()) return s.toString();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (LeakGroup g : report.groups()) {
            rows.add(new String[] {Integer.toString(g.count()), Render.typeSummary(g), seconds(g.firstCreatedNanos()),
                seconds(g.lastCreatedNanos()), Render.createdAt(g)});
        }
        int[] width = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        }
        s.append('\n');
        for (String[] row : rows) {
            s.append(pad(row[0], width[0], true)).append("  ")
                .append(pad(row[1], width[1], false)).append("  ")
                .append(pad(row[2], width[2], true)).append("  ")
                .append(pad(row[3], width[3], true)).append("  ")
                .append(row[4]).append('\n');
        }
        for (LeakGroup g : report.groups()) tokenLines(s, g);
        if (!report.modulesWithoutSymbols().isEmpty()) s.append('\n').append(withoutSymbols(report)).append('\n');
        return s.toString();
    }

    /** Names the modules shown as module+offset, so missing symbols are never silent. */
    static String withoutSymbols(LeakReport r) {
        return "No symbols for " + String.join(", ", r.modulesWithoutSymbols())
            + " (shown as module+offset; put their PDB or debug files beside them, or set _NT_SYMBOL_PATH on Windows)";
    }

    /** Below the table, for each group that leaked tokens: which logon sessions they keep alive. */
    private static void tokenLines(StringBuilder s, LeakGroup g) {
        Map<String, Integer> sessions = new TreeMap<>();
        for (LeakedHandle h : g.handles()) {
            if (h.token() == null) continue;
            sessions.merge("logon session " + h.token().logonSessionText() + " (" + h.token().account() + ") "
                + LogonSessions.kind(h.token()), 1, Integer::sum);
        }
        if (sessions.isEmpty()) return;
        s.append('\n').append("tokens from ").append(Render.createdAt(g)).append(":\n");
        sessions.forEach((k, n) -> s.append("  ").append(n).append("  ").append(k).append('\n'));
    }

    /** "3 handles open before recording and still open are not counted as leaks". */
    static String openBefore(LeakReport r) {
        int n = r.openBeforeRecording();
        return n + (n == 1 ? " handle" : " handles") + " open before recording and still open "
            + (n == 1 ? "is" : "are") + " not counted as leaks";
    }

    /** One sentence: how many handles leaked from how many stacks, in which window, to which horizon. */
    static String summary(LeakReport r) {
        String window = "created " + seconds(r.window().fromNanos()) + " s to " + seconds(r.window().toNanos()) + " s";
        String horizon = r.horizon() == Horizon.END
            ? "still open at the end of the recording"
            : "still open at the end of the window";
        if (r.groups().isEmpty()) return "No leaks: no handle " + window + " is " + horizon;
        int total = r.totalLeaked();
        int stacks = r.groups().size();
        return total + (total == 1 ? " handle" : " handles") + " leaked from " + stacks + (stacks == 1 ? " stack" : " stacks")
            + " (" + window + ", " + horizon + ")";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
