package io.handlespy.ui.model;

import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.store.Marker;
import io.handlespy.store.Retention;
import io.handlespy.ui.source.LaunchSpec;
import io.handlespy.ui.source.LiveCapture;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.source.RecordingStarter;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Job;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CancellationException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The window's state: which recording is open (or being captured), what is
 * loading, the status bar, recent files, and messages for the user.
 */
public final class MainViewModel {
    private final Background background;
    private final RecordingOpener opener;
    private final Optional<RecordingStarter> starter;
    private final RecentFiles recent;
    private final ViewStates views;
    private final ObjectProperty<SuppressionSet> suppressions =
            new SimpleObjectProperty<>(this, "suppressions", new SuppressionSet(java.util.List.of()));
    private final StatusViewModel status = new StatusViewModel();

    private final ReadOnlyObjectWrapper<RecordingViewModel> recording = new ReadOnlyObjectWrapper<>(this, "recording");
    private final ObjectProperty<UserMessage> message = new SimpleObjectProperty<>(this, "message");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty busyText = new SimpleStringProperty(this, "busyText", "");
    private final DoubleProperty busyProgress = new SimpleDoubleProperty(this, "busyProgress", -1);
    private final BooleanProperty capturing = new SimpleBooleanProperty(this, "capturing");
    private final IntegerProperty marks = new SimpleIntegerProperty(this, "marks");
    private final ObjectProperty<Retention> retention = new SimpleObjectProperty<>(this, "retention", Retention.FULL);
    private final ReadOnlyObjectWrapper<ConsoleViewModel> console = new ReadOnlyObjectWrapper<>(this, "console");
    private final ReadOnlyObjectWrapper<Long> firstPaintNanos = new ReadOnlyObjectWrapper<>(this, "openNanos");

    private Job busyJob;
    private LiveCapture capture;
    private boolean rereading;

    public MainViewModel(Background background, RecordingOpener opener, Optional<RecordingStarter> starter,
                         RecentFiles recent, ViewStates views) {
        this.background = background;
        this.opener = opener;
        this.starter = starter;
        this.recent = recent;
        this.views = views;
    }

    /** Opens {@code file} in the background; the current recording stays until the new one is read. */
    public void open(Path file) {
        if (capturing.get()) {
            tell(new UserMessage("Recording in progress", "Stop the current recording before opening another file."));
            return;
        }
        long started = System.nanoTime();
        startBusy("Opening " + file.getFileName() + "…");
        busyJob = background.submit("Opening recording", p -> {
            RecordingQueries q = opener.open(file);
            try {
                if (p.cancelFlag().isCancelled()) throw new CancellationException();
                return OpenedRecording.read(q);
            } catch (Exception | Error e) {
                q.close();
                throw e;
            }
        }, new Outcome<OpenedRecording>() {
            @Override public void succeeded(OpenedRecording opened) {
                endBusy();
                show(opened);
                restoreAndRemember(file, recording.get());
                status.file(opened.info());
                recent.add(file);
                firstPaintNanos.set(System.nanoTime() - started);
            }

            @Override public void failed(Throwable error) {
                endBusy();
                tell(UserMessage.of("Cannot open " + file.getFileName(), error));
            }

            @Override public void cancelled() { endBusy(); }

            @Override public void progress(double fraction, String text) { busyProgress.set(fraction); }
        });
    }

    private void show(OpenedRecording opened) {
        RecordingViewModel old = recording.get();
        console.set(null);
        recording.set(new RecordingViewModel(opened, background, this::tell, suppressions));
        if (old != null) {
            old.stopFollowingRules();
            old.queries().close();
        }
    }

    /** Shows {@code file} as it was last left, and remembers every later change of window or horizon. */
    private void restoreAndRemember(Path file, RecordingViewModel r) {
        views.load(file).ifPresent(v -> {
            r.horizonProperty().set(v.horizon());
            v.selection().ifPresent(r::select);
        });
        remember(file, r);
    }

    /** Remembers every change of window or horizon of {@code r}, shown from {@code file}. */
    private void remember(Path file, RecordingViewModel r) {
        Runnable save = () -> views.save(file, new ViewStates.ViewState(
                Optional.ofNullable(r.selectionProperty().get()), r.horizonProperty().get()));
        r.selectionProperty().addListener((o, was, now) -> save.run());
        r.horizonProperty().addListener((o, was, now) -> save.run());
    }

    /** Copies the open recording to {@code target} and shows the copy, with the same window and horizon. */
    public void saveAs(Path target) {
        RecordingViewModel r = recording.get();
        if (r == null) return;
        if (capturing.get()) {
            tell(new UserMessage("Recording in progress", "Stop the recording before saving a copy."));
            return;
        }
        Path source = r.queries().file();
        startBusy("Saving " + target.getFileName() + "…");
        busyJob = background.submit("Saving recording",
                p -> Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING), new Outcome<Path>() {
            @Override public void succeeded(Path saved) {
                endBusy();
                // The copy becomes the open recording, as Save As does in any editor: same view, its name in the title.
                views.save(saved, new ViewStates.ViewState(Optional.ofNullable(r.selectionProperty().get()),
                        r.horizonProperty().get()));
                recent.add(saved);
                open(saved);
            }

            @Override public void failed(Throwable error) {
                endBusy();
                tell(UserMessage.of("Cannot save " + target.getFileName(), error));
            }
        });
    }

    public void attach(ProcessEntry process, Path out) {
        attach(process, out, null, null);
    }

    public void launch(LaunchSpec spec, Path out) {
        launch(spec, out, null, null);
    }

    /**
     * Attaches; {@code began} runs once recording, {@code failed} gets the message instead of a
     * dialog (so the process picker can show it and stay open). Both may be null.
     */
    public void attach(ProcessEntry process, Path out, Runnable began, Consumer<UserMessage> failed) {
        Retention keep = retention.get();
        startCapture(process.name() + " (" + process.pid() + ")", out, s -> s.attach(process, out, keep), began,
                failed);
    }

    /** Launches; {@code began} and {@code failed} as for {@link #attach(ProcessEntry, Path, Runnable, Consumer)}. */
    public void launch(LaunchSpec spec, Path out, Runnable began, Consumer<UserMessage> failed) {
        Retention keep = retention.get();
        startCapture(Path.of(spec.program()).getFileName().toString(), out, s -> s.launch(spec, out, keep), began,
                failed);
    }

    private interface Start { LiveCapture start(RecordingStarter s) throws Exception; }

    private record Started(LiveCapture capture, OpenedRecording opened) {}

    private void startCapture(String what, Path out, Start how, Runnable began, Consumer<UserMessage> failed) {
        Consumer<UserMessage> refuse = failed != null ? failed : this::tell;
        if (starter.isEmpty()) {
            refuse.accept(new UserMessage("Capture unavailable", "This build has no capture agent for this platform."));
            return;
        }
        if (capturing.get()) {
            refuse.accept(new UserMessage("Recording in progress", "Stop the current recording first."));
            return;
        }
        status.attaching(what);
        startBusy("Attaching to " + what + "…");
        busyJob = background.submit("Attaching", p -> {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            LiveCapture c = how.start(starter.get());
            try {
                return new Started(c, OpenedRecording.read(c.queries()));
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
        }, new Outcome<Started>() {
            @Override public void succeeded(Started started) {
                endBusy();
                capture = started.capture();
                marks.set(0);
                capturing.set(true);
                show(started.opened());
                status.retention(started.opened().info().retention());
                recording.get().liveProperty().set(true);
                Path output = started.capture().output();
                console.set(output == null ? null : new ConsoleViewModel(background, output));
                remember(started.capture().queries().file(), recording.get());
                if (began != null) began.run();
            }

            @Override public void failed(Throwable error) {
                endBusy();
                RecordingViewModel shown = recording.get();
                if (shown != null) status.file(shown.infoProperty().get()); else status.clear();
                UserMessage m = UserMessage.of("Cannot record " + what, error);
                if (failed != null) failed.accept(m); else tell(m);
            }
        });
    }

    /** Called on a timer while capturing: status bar, chart and, when the target is gone, the final state. */
    public void tick() {
        if (capture == null || rereading) return;
        LiveCapture c = capture;
        status.live(c.progress(), c.endReason());
        if (console.get() != null) console.get().poll();
        RecordingViewModel r = recording.get();
        if (r == null) return;
        rereading = true;
        r.reread(() -> {
            rereading = false;
            if (c.endReason() != null && capture == c) finishCapture(c, r);
        });
    }

    /** Marks an iteration boundary in the capture's recording now (toolbar button, Shortcut+M). */
    public void mark() {
        LiveCapture c = capture;
        if (c == null) return;
        String label = "mark " + (marks.get() + 1);
        background.submit("Marking", p -> c.mark(label), new Outcome<Marker>() {
            @Override public void succeeded(Marker m) { marks.set(marks.get() + 1); }

            @Override public void failed(Throwable error) { tell(UserMessage.of("The marker was not added", error)); }
        });
    }

    /** Markers added to the current capture's recording from the app. */
    public IntegerProperty marksProperty() { return marks; }

    /** What the next recording keeps of each lifetime (the process picker's choice); full by default. */
    public ObjectProperty<Retention> retentionProperty() { return retention; }

    /** Stops the capture: the target keeps running, the recording is finalized and stays open. */
    public void stop() {
        LiveCapture c = capture;
        if (c == null) return;
        RecordingViewModel r = recording.get();
        background.submit("Stopping", p -> {
            c.stop();
            return true;
        }, new Outcome<Boolean>() {
            @Override public void succeeded(Boolean done) { finishCapture(c, r); }

            @Override public void failed(Throwable error) {
                tell(UserMessage.of("Stopping the recording failed", error));
                finishCapture(c, r);
            }
        });
    }

    private void finishCapture(LiveCapture c, RecordingViewModel r) {
        if (capture != c) return;
        capture = null;
        capturing.set(false);
        status.live(c.progress(), c.endReason() == null ? "stopped" : c.endReason());
        if (console.get() != null) console.get().ended(c.endReason() == null ? "stopped" : c.endReason());
        if (r != null) {
            r.reread(r::finished);
            recent.add(r.queries().file());
        }
    }

    /** The file a running capture writes; null when nothing is being recorded. */
    public Path captureFile() { return capture == null ? null : capture.queries().file(); }

    /** Whether the running capture started its target (which the user may then want ended). */
    public boolean captureLaunched() { return capture != null && capture.launched(); }

    /**
     * Finishes a running capture before the app quits: detaches (the target runs on), or with
     * {@code endTarget} ends the launched program; then runs {@code done}, also when that failed.
     */
    public void finishBeforeQuit(boolean endTarget, Runnable done) {
        LiveCapture c = capture;
        if (c == null) {
            done.run();
            return;
        }
        startBusy(endTarget ? "Ending the program and finishing the recording…" : "Detaching and finishing the recording…");
        background.submit("Finishing the recording", p -> {
            if (endTarget) c.endTarget(); else c.stop();
            return true;
        }, new Outcome<Boolean>() {
            @Override public void succeeded(Boolean finished) { quit(); }

            @Override public void failed(Throwable error) { quit(); }

            private void quit() {
                endBusy();
                capture = null;
                capturing.set(false);
                recent.add(c.queries().file());
                done.run();
            }
        });
    }

    public void cancelBusy() {
        if (busyJob != null) busyJob.cancel();
    }

    private void startBusy(String text) {
        busy.set(true);
        busyText.set(text);
        busyProgress.set(-1);
    }

    private void endBusy() {
        busy.set(false);
        busyText.set("");
        busyJob = null;
    }

    /** Shows a message to the user (the view turns it into a dialog). */
    public void tell(UserMessage m) {
        message.set(null);
        message.set(m);
    }

    /** Closes the open recording (and stops a capture) when the window closes. */
    public void shutdown() {
        if (capture != null) {
            try {
                capture.stop();
            } catch (Exception e) {
                // Closing anyway: the target keeps running whatever happens here.
            }
            capture = null;
        }
        RecordingViewModel r = recording.get();
        if (r != null) r.queries().close();
    }

    public StatusViewModel status() { return status; }

    /** The console of the program the current capture launched; null for attached or opened recordings. */
    public ReadOnlyObjectProperty<ConsoleViewModel> consoleProperty() { return console.getReadOnlyProperty(); }

    public RecentFiles recent() { return recent; }

    public Background background() { return background; }

    /** The suppression rules every recording shown applies to its leaks (the app binds them to its rule files). */
    public ObjectProperty<SuppressionSet> suppressionsProperty() { return suppressions; }

    /** How recordings are opened, for views that read a second one (Compare). */
    public RecordingOpener opener() { return opener; }

    public ReadOnlyObjectProperty<RecordingViewModel> recordingProperty() { return recording.getReadOnlyProperty(); }

    public ObjectProperty<UserMessage> messageProperty() { return message; }

    public BooleanProperty busyProperty() { return busy; }

    public StringProperty busyTextProperty() { return busyText; }

    public DoubleProperty busyProgressProperty() { return busyProgress; }

    public BooleanProperty capturingProperty() { return capturing; }

    /** Time from asking to open a file until its first view was ready, for the status bar and benchmarks. */
    public ReadOnlyObjectProperty<Long> openNanosProperty() { return firstPaintNanos.getReadOnlyProperty(); }
}
