package io.handlespy.cli;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import io.handlespy.analysis.compare.LeakDiff;
import io.handlespy.analysis.compare.StackChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code diff} and {@code leaks --baseline} show a {@link LeakDiff}. */
final class DiffOutput {
    private static final String[] HEADINGS = {"CHANGE", "OLD", "NEW", "DELTA", "CREATED AT"};

    private DiffOutput() {}

    /** The table of {@code diff --format table}: changed stacks only, then a count of the unchanged ones. */
    static String table(LeakDiff diff) {
        StringBuilder s = new StringBuilder(summary(diff)).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (StackChange c : diff.changes()) {
            if (c.change() == StackChange.Change.UNCHANGED) continue;
            rows.add(new String[] {name(c.change()), Integer.toString(c.oldCount()), Integer.toString(c.newCount()),
                String.format("%+d", c.delta()), createdAt(c.stack())});
        }
        if (rows.isEmpty()) return s.toString();
        rows.addFirst(HEADINGS);
        int[] width = new int[HEADINGS.length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        s.append('\n');
        for (String[] row : rows) {
            s.append(String.format("%-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %" + width[3] + "s  %s%n",
                (Object[]) row));
        }
        return s.toString();
    }

    /** The document of {@code diff --format json}: every stack, the unchanged ones too. */
    static Map<String, Object> json(Path old, Path now, LeakDiff diff) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old.toString());
        m.put("new", now.toString());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (StackChange.Change c : StackChange.Change.values()) counts.put(name(c), diff.of(c).size());
        m.put("summary", counts);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (StackChange c : diff.changes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("change", name(c.change()));
            row.put("old", c.oldCount());
            row.put("new", c.newCount());
            row.put("delta", c.delta());
            row.put("createdAt", createdAt(c.stack()));
            row.put("key", c.key().frames());
            row.put("stack", frames(c.stack()));
            changes.add(row);
        }
        m.put("changes", changes);
        return m;
    }

    /** For {@code leaks --baseline}: one line with the verdict, then one per new or grown stack. */
    static void printBaselineVerdict(PrintWriter err, Path baseline, LeakDiff diff) {
        List<StackChange> bad = diff.newOrGrown();
        if (bad.isEmpty()) {
            err.printf("handlespy: baseline %s: no new or grown leak stacks (%d stacks as before, %d fewer or gone)%n",
                baseline, diff.of(StackChange.Change.UNCHANGED).size(),
                diff.of(StackChange.Change.SHRANK).size() + diff.of(StackChange.Change.DISAPPEARED).size());
        } else {
            err.printf("handlespy: baseline %s: %d new or grown leak %s, %d %s beyond the baseline%n", baseline, bad.size(),
                bad.size() == 1 ? "stack" : "stacks", diff.handlesBeyondOld(),
                diff.handlesBeyondOld() == 1 ? "handle" : "handles");
            for (StackChange c : bad) {
                err.printf("handlespy:   %s %d -> %d  %s%n", name(c.change()), c.oldCount(), c.newCount(), createdAt(c.stack()));
            }
        }
        err.flush();
    }

    static String summary(LeakDiff diff) {
        List<String> parts = new ArrayList<>();
        for (StackChange.Change c : StackChange.Change.values()) {
            int n = diff.of(c).size();
            parts.add(n + " " + name(c));
        }
        return "leak stacks: " + String.join(", ", parts);
    }

    static String name(StackChange.Change c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    static String createdAt(List<StackFrame> stack) {
        StackFrame f = UserFrames.innermostUser(stack);
        return f == null ? "[no stack]" : f.display();
    }

    static List<Map<String, Object>> frames(List<StackFrame> stack) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StackFrame f : stack) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module", f.module());
            m.put("function", f.function());
            m.put("file", f.file());
            m.put("line", f.line() > 0 ? f.line() : null);
            m.put("moduleOffset", "0x" + Long.toHexString(f.moduleOffset()));
            out.add(m);
        }
        return out;
    }
}
