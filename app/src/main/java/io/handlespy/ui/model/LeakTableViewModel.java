package io.handlespy.ui.model;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.suppress.RuleFromStack;
import io.handlespy.analysis.suppress.SuppressionFile;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The leak table and its detail pane: rows for the current report, a filter over
 * them, and the stack and handles of the selected row.
 */
public final class LeakTableViewModel {
    private final ObservableList<LeakRow> all = FXCollections.observableArrayList();
    private final FilteredList<LeakRow> visible = new FilteredList<>(all, r -> true);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<LeakReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObjectProperty<LeakRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<StackFrame> selectedStack = FXCollections.observableArrayList();
    private final ObservableList<LeakedHandle> selectedHandles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public LeakTableViewModel() {
        filter.addListener((o, was, now) -> {
            visible.setPredicate(r -> r.matches(now));
            updateSummary();
        });
        selected.addListener((o, was, now) -> {
            selectedStack.setAll(now == null ? List.of() : now.group().stack());
            selectedHandles.setAll(now == null ? List.of() : now.group().handles());
        });
    }

    /** Shows a new report, keeping the selected stack selected if it is still there. */
    public void show(LeakReport newReport) {
        int keep = selected.get() == null ? -1 : selected.get().group().stackId();
        all.setAll(newReport == null ? List.of() : newReport.groups().stream().map(LeakRow::of).toList());
        selected.set(all.stream().filter(r -> r.group().stackId() == keep).findFirst().orElse(null));
        report.set(newReport);
        updateSummary();
    }

    private void updateSummary() {
        LeakReport r = report.get();
        if (r == null) {
            summary.set("");
            return;
        }
        String s = Formats.count(r.totalLeaked()) + " leaked in " + Formats.count(r.groups().size())
                + (r.groups().size() == 1 ? " stack" : " stacks");
        if (visible.size() != all.size()) s += " · " + visible.size() + " shown";
        if (r.openBeforeRecording() > 0) s += " · " + Formats.count(r.openBeforeRecording()) + " open before recording";
        summary.set(s);
    }

    /** Text for the clipboard: the selected group's stack (innermost first) and its handles. */
    public String copyText() {
        LeakRow row = selected.get();
        return row == null ? "" : describe(row.group());
    }

    /**
     * A suppression rule (TOML, for {@code --suppressions}) matching the selected row's
     * create site and type; empty when no row is selected or the row has neither a stack
     * nor a single type to tell it apart by.
     */
    public String ruleText() {
        LeakRow row = selected.get();
        if (row == null) return "";
        try {
            return SuppressionFile.format(RuleFromStack.of(row.group(), "leak table"));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static String describe(LeakGroup g) {
        StringBuilder s = new StringBuilder();
        s.append(g.count()).append(" leaked (").append(Formats.types(g.types())).append("), created ")
         .append(Formats.seconds(g.firstCreatedNanos())).append(" s – ").append(Formats.seconds(g.lastCreatedNanos()))
         .append(" s\n");
        for (StackFrame f : g.stack()) s.append("    at ").append(f.display()).append('\n');
        s.append("handles:\n");
        for (LeakedHandle h : g.handles()) {
            s.append("    ").append(Formats.hex(h.value())).append(' ').append(h.type())
             .append(h.name() == null ? "" : " " + h.name())
             .append(h.token() == null ? "" : " (" + Formats.token(h.token()) + ")")
             .append(" at ").append(Formats.seconds(h.createdAtNanos())).append(" s thread ").append(h.thread())
             .append('\n');
        }
        return s.toString();
    }

    public ObservableList<LeakRow> rows() { return visible; }

    public StringProperty filterProperty() { return filter; }

    public ReadOnlyObjectProperty<LeakReport> reportProperty() { return report.getReadOnlyProperty(); }

    public ObjectProperty<LeakRow> selectedProperty() { return selected; }

    public ObservableList<StackFrame> selectedStack() { return selectedStack; }

    public ObservableList<LeakedHandle> selectedHandles() { return selectedHandles; }

    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
}
