package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Compare tab: leaks of a window A (fixed when the user picks it) against
 * those of the current window, or of another recording (before/after a fix),
 * by create stack. Queries run in the background.
 */
public final class CompareViewModel {
    private final RecordingViewModel recording;
    private final Background background;
    private final RecordingOpener opener;
    private final ObservableList<LeakComparison.Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper aText = new ReadOnlyStringWrapper(this, "aText", "A: not chosen");
    private final ReadOnlyStringWrapper bText = new ReadOnlyStringWrapper(this, "bText", "");
    private LeakReport a;

    public CompareViewModel(RecordingViewModel recording, Background background, RecordingOpener opener) {
        this.recording = recording;
        this.background = background;
        this.opener = opener;
    }

    /** Makes the current window and horizon side A. */
    public void useCurrentAsA() {
        TimeWindow w = recording.effectiveWindow();
        Horizon h = recording.horizonProperty().get();
        aText.set("A: finding leaks…");
        RecordingQueries q = recording.queries();
        background.submit("Finding leaks for A", p -> q.leaks(w, h), new Outcome<LeakReport>() {
            @Override public void succeeded(LeakReport r) {
                a = r;
                aText.set("A: " + Formats.window(w) + " · " + Formats.count(r.totalLeaked()) + " leaked");
                rows.clear();
                bText.set("");
            }

            @Override public void failed(Throwable error) { aText.set("A: " + UserMessage.of("", error).text()); }
        });
    }

    /** Compares A with the current window of this recording. */
    public void compareWithCurrent() {
        if (a == null) return;
        TimeWindow w = recording.effectiveWindow();
        Horizon h = recording.horizonProperty().get();
        RecordingQueries q = recording.queries();
        bText.set("B: finding leaks…");
        background.submit("Finding leaks for B", p -> q.leaks(w, h), outcomeFor("B: " + Formats.window(w)));
    }

    /** Compares A with the whole of another recording, at the same horizon (before/after a fix). */
    public void compareWithRecording(Path other) {
        if (a == null) return;
        Horizon h = recording.horizonProperty().get();
        bText.set("B: reading " + other.getFileName() + "…");
        background.submit("Finding leaks in " + other.getFileName(), p -> {
            try (RecordingQueries q = opener.open(other)) {
                return q.leaks(q.whole(), h);
            }
        }, outcomeFor("B: " + other.getFileName() + ", whole recording"));
    }

    private Outcome<LeakReport> outcomeFor(String what) {
        return new Outcome<>() {
            @Override public void succeeded(LeakReport b) {
                rows.setAll(LeakComparison.compare(a, b));
                bText.set(what + " · " + Formats.count(b.totalLeaked()) + " leaked");
            }

            @Override public void failed(Throwable error) { bText.set("B: " + UserMessage.of("", error).text()); }
        };
    }

    public boolean hasA() { return a != null; }

    public ObservableList<LeakComparison.Row> rows() { return rows; }

    public ReadOnlyStringProperty aTextProperty() { return aText.getReadOnlyProperty(); }

    public ReadOnlyStringProperty bTextProperty() { return bText.getReadOnlyProperty(); }
}
