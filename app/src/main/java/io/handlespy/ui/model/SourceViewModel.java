package io.handlespy.ui.model;

import io.handlespy.analysis.StackFrame;
import io.handlespy.ui.source.SourceFiles;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The source pane: the lines around a frame's file:line when that file is on this machine. */
public final class SourceViewModel {
    static final int CONTEXT = 12;

    private final Background background;
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "Select a frame to see its source");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<Integer> highlighted = new ReadOnlyObjectWrapper<>(this, "highlighted", -1);
    private StackFrame shown;

    public SourceViewModel(Background background) {
        this.background = background;
    }

    /** Shows {@code f}'s source; reading happens in the background, and only the last frame asked for is shown. */
    public void show(StackFrame f) {
        shown = f;
        lines.clear();
        file.set(null);
        highlighted.set(-1);
        if (f == null) {
            note.set("Select a frame to see its source");
            return;
        }
        if (f.file() == null || f.line() <= 0) {
            note.set("No source line is known for " + f.display());
            return;
        }
        Path path = Path.of(f.file());
        note.set("Reading " + f.file() + "…");
        background.submit("Reading source", p -> {
            if (!Files.isRegularFile(path)) return null;
            return SourceFiles.read(path, f.line(), CONTEXT);
        }, new Outcome<SourceFiles.Excerpt>() {
            @Override public void succeeded(SourceFiles.Excerpt e) {
                if (shown != f) return;
                if (e == null) {
                    note.set(f.file() + " is not on this machine");
                    return;
                }
                List<String> numbered = new java.util.ArrayList<>();
                for (int i = 0; i < e.lines().size(); i++) {
                    numbered.add(String.format(java.util.Locale.ROOT, "%5d  %s", e.first() + i, e.lines().get(i)));
                }
                lines.setAll(numbered);
                highlighted.set(e.line() - e.first());
                file.set(e.file());
                note.set(e.file() + ":" + e.line());
            }

            @Override public void failed(Throwable error) {
                if (shown == f) note.set("Cannot read " + f.file() + ": " + UserMessage.of("", error).text());
            }
        });
    }

    /** Numbered lines around the frame's line. */
    public ObservableList<String> lines() { return lines; }

    /** Which of {@link #lines()} is the frame's own line; -1 when none is shown. */
    public ReadOnlyObjectProperty<Integer> highlightedProperty() { return highlighted.getReadOnlyProperty(); }

    /** The file shown, for "open in editor"; null when none. */
    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }

    /** file:line, or why no source is shown. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
