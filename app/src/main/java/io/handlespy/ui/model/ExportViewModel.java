package io.handlespy.ui.model;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.source.ReportExporter;
import io.handlespy.ui.source.ReportExporter.ExportChoice;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Job;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The export dialog: a format, an output file (following the format's extension
 * until the user picks one), progress, cooperative cancel and the written file.
 */
public final class ExportViewModel {
    private final ReportExporter exporter;
    private final Background background;
    private final RecordingQueries recording;
    private final TimeWindow window;
    private final Horizon horizon;

    private final ObjectProperty<ExportChoice> format = new SimpleObjectProperty<>(this, "format");
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>(this, "output");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final ObjectProperty<Path> written = new SimpleObjectProperty<>(this, "written");
    private Job job;

    public ExportViewModel(ReportExporter exporter, Background background, RecordingQueries recording,
                           TimeWindow window, Horizon horizon) {
        this.exporter = exporter;
        this.background = background;
        this.recording = recording;
        this.window = window;
        this.horizon = horizon;
        format.addListener((o, was, now) -> output.set(withExtension(output.get(), now)));
        ExportChoice first = exporter.formats().stream().filter(f -> f.id().equals("html")).findFirst()
                .orElse(exporter.formats().get(0));
        output.set(defaultOutput(recording.file(), first));
        format.set(first);
    }

    static Path defaultOutput(Path recordingFile, ExportChoice f) {
        String name = recordingFile.getFileName().toString();
        int dot = name.indexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        Path dir = recordingFile.toAbsolutePath().getParent();
        return dir.resolve(base + "-leaks." + f.extension());
    }

    static Path withExtension(Path p, ExportChoice f) {
        if (p == null || f == null) return p;
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return p.resolveSibling(base + "." + f.extension());
    }

    public void start() {
        if (running.get()) return;
        Path out = output.get();
        ExportChoice f = format.get();
        running.set(true);
        written.set(null);
        progress.set(0);
        state.set("Exporting " + f.label() + "…");
        job = background.submit("Exporting", p -> {
            exporter.export(recording, f, window, horizon, out, p);
            return out;
        }, new Outcome<Path>() {
            @Override public void succeeded(Path path) {
                running.set(false);
                progress.set(1);
                written.set(path);
                state.set("Wrote " + path);
            }

            @Override public void failed(Throwable error) {
                running.set(false);
                state.set("Export failed: " + UserMessage.of("", error).text());
            }

            @Override public void cancelled() {
                running.set(false);
                state.set("Export cancelled");
            }

            @Override public void progress(double fraction, String message) {
                progress.set(fraction);
            }
        });
    }

    public void cancel() {
        if (job != null) job.cancel();
    }

    public List<ExportChoice> formats() { return exporter.formats(); }

    public TimeWindow window() { return window; }

    public Horizon horizon() { return horizon; }

    public ObjectProperty<ExportChoice> formatProperty() { return format; }

    public ObjectProperty<Path> outputProperty() { return output; }

    public DoubleProperty progressProperty() { return progress; }

    public BooleanProperty runningProperty() { return running; }

    public StringProperty stateProperty() { return state; }

    public ObjectProperty<Path> writtenProperty() { return written; }
}
