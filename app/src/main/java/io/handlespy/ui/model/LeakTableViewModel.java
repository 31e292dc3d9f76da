package io.handlespy.ui.model;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.suppress.RuleFromStack;
import io.handlespy.analysis.suppress.RuleHits;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.protocol.HandleCategory;
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
    private final ObjectProperty<HandleCategory> category = new SimpleObjectProperty<>(this, "category");
    private final ReadOnlyObjectWrapper<LeakReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObjectProperty<LeakRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<StackFrame> selectedStack = FXCollections.observableArrayList();
    private final ObservableList<LeakedHandle> selectedHandles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Finding leaks…");
    private final ObservableList<RuleHits> hits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper hidden = new ReadOnlyStringWrapper(this, "hidden", "");
    private final javafx.beans.property.ReadOnlyBooleanWrapper processes =
        new javafx.beans.property.ReadOnlyBooleanWrapper(this, "processes", false);
    private final boolean windows;
    private NotMyCode notMine;
    private final javafx.collections.ListChangeListener<String> modulesChanged = c -> show(report.get());

    /** A table for a Linux recording (descriptors in decimal). */
    public LeakTableViewModel() {
        this(false);
    }

    /** {@code windows}: the recording's handles are Windows handles, written in hex. */
    public LeakTableViewModel(boolean windows) {
        this.windows = windows;
        filter.addListener((o, was, now) -> applyFilter());
        category.addListener((o, was, now) -> applyFilter());
        selected.addListener((o, was, now) -> {
            selectedStack.setAll(now == null ? List.of() : now.group().stack());
            selectedHandles.setAll(now == null ? List.of() : now.group().handles());
        });
    }

    private void applyFilter() {
        String words = filterWords();
        visible.setPredicate(r -> r.matches(words));
        updateSummary();
    }

    /** The filter text, with the category the dropdown keeps as its filter word ({@link LeakRow#CATEGORY_WORD}). */
    private String filterWords() {
        HandleCategory c = category.get();
        return c == null ? filter.get() : filter.get() + " " + LeakRow.CATEGORY_WORD + c.cliName();
    }

    /** Makes the Where column skip the modules in {@code list} too, now and whenever the list changes. */
    public void use(NotMyCode list) {
        notMine = list;
        // Weak: the list outlives this recording's table.
        list.modules().addListener(new javafx.collections.WeakListChangeListener<>(modulesChanged));
        show(report.get());
    }

    private LeakRow row(LeakGroup g) {
        return notMine == null ? LeakRow.of(g) : LeakRow.of(g, notMine);
    }

    /** Shows a new report, keeping the selected stack selected if it is still there. */
    public void show(LeakReport newReport) {
        show(newReport, List.of());
    }

    /** Shows a report from which suppression rules took out handles, and what each rule hid. */
    public void show(LeakReport newReport, List<RuleHits> ruleHits) {
        List<RuleHits> hid = ruleHits.stream().filter(h -> h.handles() > 0).toList();
        hits.setAll(hid);
        int handles = hid.stream().mapToInt(RuleHits::handles).sum();
        hidden.set(hid.isEmpty() ? "" : Formats.count(handles) + (handles == 1 ? " handle" : " handles")
                + " hidden by " + hid.size() + (hid.size() == 1 ? " rule" : " rules"));
        int keep = selected.get() == null ? -1 : selected.get().group().stackId();
        all.setAll(newReport == null ? List.of() : newReport.groups().stream().map(this::row).toList());
        selected.set(all.stream().filter(r -> r.group().stackId() == keep).findFirst().orElse(null));
        report.set(newReport);
        processes.set(newReport != null && newReport.groups().stream().anyMatch(g -> g.pid() != 0));
        updateSummary();
    }

    /** True when the report's leaks come from a followed process tree: the table shows each row's process. */
    public javafx.beans.property.ReadOnlyBooleanProperty processesProperty() {
        return processes.getReadOnlyProperty();
    }

    private void updateSummary() {
        LeakReport r = report.get();
        placeholder.set(r == null ? "Finding leaks…" : all.isEmpty() ? "No leaks in this window"
                + (hidden.get().isEmpty() ? "" : " (" + hidden.get() + ")")
                : "All " + Formats.count(all.size()) + (all.size() == 1 ? " row is" : " rows are")
                        + " hidden by the filter \u201c" + filterWords().strip() + "\u201d");
        if (r == null) {
            summary.set("");
            return;
        }
        String s = Formats.count(r.totalLeaked()) + " leaked in " + Formats.count(r.groups().size())
                + (r.groups().size() == 1 ? " stack" : " stacks");
        if (visible.size() != all.size()) s += " · " + visible.size() + " shown";
        if (!hidden.get().isEmpty()) s += " · " + hidden.get();
        if (r.openBeforeRecording() > 0) s += " · " + Formats.count(r.openBeforeRecording()) + " open before recording";
        summary.set(s);
    }

    /** Text for the clipboard: the selected group's stack (innermost first) and its handles. */
    public String copyText() {
        LeakRow row = selected.get();
        return row == null ? "" : describe(row.group(), windows);
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

    /**
     * A suppression rule matching the selected row's create site and type, as {@link #ruleText()}
     * writes it; empty when no row is selected or the row cannot be told apart from others.
     */
    public java.util.Optional<SuppressionRule> rule() {
        LeakRow row = selected.get();
        if (row == null) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(RuleFromStack.of(row.group(), "leak table"));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The selected row's handle values, one a line, as the platform writes them. */
    public String handleValuesText() {
        LeakRow row = selected.get();
        if (row == null) return "";
        StringBuilder s = new StringBuilder();
        for (LeakedHandle h : row.group().handles()) s.append(handle(h.value())).append('\n');
        return s.toString();
    }

    /** A handle value as this recording's platform writes it. */
    public String handle(long value) { return Formats.handle(value, windows); }

    static String describe(LeakGroup g, boolean windows) {
        StringBuilder s = new StringBuilder();
        s.append(g.count()).append(" leaked (").append(Formats.types(g.types())).append("), created ")
         .append(Formats.seconds(g.firstCreatedNanos())).append(" s – ").append(Formats.seconds(g.lastCreatedNanos()))
         .append(" s\n");
        for (StackFrame f : g.stack()) s.append("    at ").append(f.display()).append('\n');
        s.append("handles:\n");
        for (LeakedHandle h : g.handles()) {
            s.append("    ").append(Formats.handle(h.value(), windows)).append(' ').append(h.type())
             .append(h.name() == null ? "" : " " + h.name())
             .append(h.token() == null ? "" : " (" + Formats.token(h.token()) + ")")
             .append(" at ").append(Formats.seconds(h.createdAtNanos())).append(" s thread ").append(h.tid())
             .append(h.pid() == 0 ? "" : " process " + h.pid())
             .append('\n');
        }
        return s.toString();
    }

    public ObservableList<LeakRow> rows() { return visible; }

    public StringProperty filterProperty() { return filter; }

    public ReadOnlyObjectProperty<LeakReport> reportProperty() { return report.getReadOnlyProperty(); }

    public ObjectProperty<LeakRow> selectedProperty() { return selected; }

    /** The one category of handles the table keeps (the GUI's dropdown); null keeps all. */
    public ObjectProperty<HandleCategory> categoryProperty() { return category; }

    public ObservableList<StackFrame> selectedStack() { return selectedStack; }

    public ObservableList<LeakedHandle> selectedHandles() { return selectedHandles; }

    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** The suppression rules that hid handles from the shown report, each with how many. */
    public ObservableList<RuleHits> hits() { return hits; }

    /** How many handles the suppression rules hid, e.g. "6 handles hidden by 2 rules"; empty when none. */
    public ReadOnlyStringProperty hiddenProperty() { return hidden.getReadOnlyProperty(); }

    /** What the empty table says: still loading, no leaks, or every row hidden by the filter. */
    public ReadOnlyStringProperty placeholderProperty() { return placeholder.getReadOnlyProperty(); }
}
