package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import io.handlespy.analysis.iterations.IterationLeak;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Iterations tab: the create stacks that leak in at least k of the n iterations
 * between the recording's markers, with their count in each, most consistent first
 * (what {@code handlespy leaks --per-iteration} prints). Follows the recording's
 * horizon and suppression rules, and a live recording as it grows; queries run in the
 * background, latest-only.
 */
public final class IterationsViewModel {
    private final RecordingViewModel recording;
    private final Background background;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Finding leaks per iteration…");
    private final ReadOnlyIntegerWrapper iterations = new ReadOnlyIntegerWrapper(this, "iterations");
    private final IntegerProperty minIterations = new SimpleIntegerProperty(this, "minIterations", 0);
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private boolean running;
    private boolean pending;
    /** Something the analysis depends on changed while the view was hidden. */
    private boolean stale = true;

    /** One stack: "k/n" iterations leaking, total, the count in each iteration, types and where it was created. */
    public record Row(String iterations, int total, String perIteration, String types, String where,
                      List<StackFrame> stack) {
        static Row of(IterationLeak l, int n) {
            StackFrame user = UserFrames.innermostUser(l.stack());
            return new Row(l.iterationsLeaking() + "/" + n, l.total(),
                    l.perIteration().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                    l.types().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getKey)
                            .collect(Collectors.joining(", ")),
                    user == null ? "(no stack)" : user.display(), l.stack());
        }
    }

    public IterationsViewModel(RecordingViewModel recording, Background background) {
        this.recording = recording;
        this.background = background;
        recording.horizonProperty().addListener((o, was, now) -> refresh());
        recording.suppressionsProperty().addListener((o, was, now) -> refresh());
        recording.infoProperty().addListener((o, was, now) -> refresh());
        recording.liveProperty().addListener((o, was, now) -> {
            if (!now) refresh();
        });
        minIterations.addListener((o, was, now) -> refresh());
        shown.addListener((o, was, now) -> {
            if (now && stale) refresh();
        });
    }

    /**
     * Whether the view is on screen. The analysis runs one leak query per iteration,
     * and a live recording changes every half second: it runs only while shown, and
     * once when shown again after a change.
     */
    public BooleanProperty shownProperty() { return shown; }

    /** Re-runs the per-iteration analysis (latest-only), now if shown, else when next shown. */
    public void refresh() {
        if (!shown.get()) {
            stale = true;
            return;
        }
        stale = false;
        if (running) {
            pending = true;
            return;
        }
        running = true;
        RecordingQueries q = recording.queries();
        Horizon h = recording.horizonProperty().get();
        SuppressionSet rules = recording.suppressionsProperty().get();
        int k = minIterations.get();
        background.submit("Finding leaks per iteration", p -> q.iterations(h, rules, k), new Outcome<IterationReport>() {
            @Override public void succeeded(IterationReport r) {
                show(r);
                done();
            }

            @Override public void failed(Throwable error) {
                summary.set(UserMessage.of("Could not find leaks per iteration", error).text());
                done();
            }

            @Override public void cancelled() { done(); }
        });
    }

    private void done() {
        running = false;
        if (pending) {
            pending = false;
            refresh();
        }
    }

    private void show(IterationReport r) {
        int n = r.iterations().size();
        iterations.set(n);
        Row keep = selected.get();
        rows.setAll(r.leaks().stream().map(l -> Row.of(l, n)).toList());
        selected.set(keep == null ? null : rows.stream().filter(x -> x.stack().equals(keep.stack())).findFirst()
                .orElse(null));
        summary.set(summaryOf(r));
    }

    static String summaryOf(IterationReport r) {
        int n = r.iterations().size(), m = r.markers().size();
        if (m == 0) {
            return "No iteration markers: press Mark (Shortcut+M) before each repetition while recording, "
                    + "or run handlespy mark on the recording";
        }
        int s = r.leaks().size();
        return n + (n == 1 ? " iteration" : " iterations") + " between " + m + (m == 1 ? " marker" : " markers") + "; "
                + s + (s == 1 ? " stack" : " stacks") + " leaking in at least " + r.minIterations() + " of " + n
                + ", most consistent first";
    }

    public ObservableList<Row> rows() { return rows; }

    public ObjectProperty<Row> selectedProperty() { return selected; }

    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }

    /** How many iterations the markers make. */
    public ReadOnlyIntegerProperty iterationsProperty() { return iterations.getReadOnlyProperty(); }

    /** Report stacks leaking in at least this many iterations; 0 for half of them. */
    public IntegerProperty minIterationsProperty() { return minIterations; }
}
