package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Compare tab: leaks of a window A (fixed when the user picks it) against
 * those of the current window, or of a window of another recording (before/after
 * a fix), by create stack. Queries run in the background.
 */
public final class CompareViewModel {
    private final RecordingViewModel recording;
    private final Background background;
    private final RecordingOpener opener;
    private final ObservableList<LeakComparison.Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper aText = new ReadOnlyStringWrapper(this, "aText", "A: not chosen");
    private final ReadOnlyStringWrapper bText = new ReadOnlyStringWrapper(this, "bText", "");
    private final StringProperty otherFrom = new SimpleStringProperty(this, "otherFrom", "");
    private final StringProperty otherTo = new SimpleStringProperty(this, "otherTo", "");
    private final ReadOnlyStringWrapper otherState = new ReadOnlyStringWrapper(this, "otherState", "");
    private final ReadOnlyBooleanWrapper otherChosen = new ReadOnlyBooleanWrapper(this, "otherChosen");
    private LeakReport a;
    private Path otherFile;
    private TimeWindow otherWhole;

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

    /**
     * Reads the extent of another recording (before/after a fix) and offers its whole
     * time as B's window; {@link #compareWithOther()} then compares A with the window
     * typed into {@link #otherFromProperty()} and {@link #otherToProperty()}.
     */
    public void chooseRecording(Path other) {
        otherFile = null;
        otherWhole = null;
        otherState.set("Reading " + other.getFileName() + "…");
        background.submit("Reading " + other.getFileName(), p -> {
            try (RecordingQueries q = opener.open(other)) {
                return q.whole();
            }
        }, new Outcome<TimeWindow>() {
            @Override public void succeeded(TimeWindow whole) {
                otherFile = other;
                otherWhole = whole;
                otherFrom.set(Formats.seconds(whole.fromNanos()));
                otherTo.set(Formats.seconds(whole.toNanos()));
                otherState.set(other.getFileName() + " runs " + Formats.window(whole));
                otherChosen.set(true);
            }

            @Override public void failed(Throwable error) {
                otherChosen.set(false);
                otherState.set(UserMessage.of("Cannot open " + other.getFileName(), error).text());
            }
        });
    }

    /**
     * Compares A with the typed window of the chosen other recording, at the same horizon.
     * Returns false (and compares nothing) when no recording is chosen, A is not set, or
     * the fields do not make a window inside that recording.
     */
    public boolean compareWithOther() {
        if (a == null || otherFile == null) return false;
        Long from = Formats.parseSeconds(otherFrom.get());
        Long to = Formats.parseSeconds(otherTo.get());
        if (from == null || to == null || to <= from || from > otherWhole.toNanos()) return false;
        TimeWindow w = new TimeWindow(Math.max(otherWhole.fromNanos(), from), Math.min(otherWhole.toNanos(), to));
        Path other = otherFile;
        Horizon h = recording.horizonProperty().get();
        bText.set("B: reading " + other.getFileName() + "…");
        background.submit("Finding leaks in " + other.getFileName(), p -> {
            try (RecordingQueries q = opener.open(other)) {
                return q.leaks(w, h);
            }
        }, outcomeFor("B: " + other.getFileName() + ", " + Formats.window(w)));
        return true;
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

    /** Start of B's window in the other recording, in seconds, as the user types it. */
    public StringProperty otherFromProperty() { return otherFrom; }

    /** End of B's window in the other recording, in seconds. */
    public StringProperty otherToProperty() { return otherTo; }

    /** Which other recording is chosen and how long it runs, or why it cannot be read. */
    public ReadOnlyStringProperty otherStateProperty() { return otherState.getReadOnlyProperty(); }

    /** True once another recording has been read and its window can be compared. */
    public ReadOnlyBooleanProperty otherChosenProperty() { return otherChosen.getReadOnlyProperty(); }
}
