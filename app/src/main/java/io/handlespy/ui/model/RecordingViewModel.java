package io.handlespy.ui.model;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.suppress.Suppressed;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.protocol.HandleCategory;
import io.handlespy.store.RecordingInfo;
import io.handlespy.ui.chart.Viewport;
import io.handlespy.ui.source.RecordingQueries;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * One open recording: the chart's viewport and series, the selected window and
 * horizon, and the leak table that follows them. Queries run in the background,
 * latest-only: while one runs, further changes collapse into one follow-up query.
 */
public final class RecordingViewModel {
    private static final int GROWTH_LIMIT = 100;

    private final RecordingQueries queries;
    private final Background background;
    private final Consumer<UserMessage> errors;

    private final ReadOnlyObjectWrapper<RecordingInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyObjectWrapper<TimeWindow> whole = new ReadOnlyObjectWrapper<>(this, "whole");
    private final ReadOnlyObjectWrapper<CountSeries> overview = new ReadOnlyObjectWrapper<>(this, "overview");
    private final ReadOnlyObjectWrapper<CountSeries> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(this, "viewport");
    private final IntegerProperty chartWidth = new SimpleIntegerProperty(this, "chartWidth", 0);
    private final ObjectProperty<TimeWindow> selection = new SimpleObjectProperty<>(this, "selection");
    private final ObjectProperty<Horizon> horizon = new SimpleObjectProperty<>(this, "horizon", Horizon.END);
    private final StringProperty fromText = new SimpleStringProperty(this, "fromText", "");
    private final StringProperty toText = new SimpleStringProperty(this, "toText", "");
    private final BooleanProperty querying = new SimpleBooleanProperty(this, "querying");
    private final ReadOnlyDoubleWrapper lastLeakQueryMillis = new ReadOnlyDoubleWrapper(this, "lastLeakQueryMillis");
    private final ReadOnlyStringWrapper selectionText = new ReadOnlyStringWrapper(this, "selectionText", "");
    private final DoubleProperty redrawMillis = new SimpleDoubleProperty(this, "redrawMillis");
    private final LeakTableViewModel leakTable;
    private final ObservableList<GrowthRow> growth = FXCollections.observableArrayList();
    private final ObjectProperty<HandleCategory> growthCategory = new SimpleObjectProperty<>(this, "growthCategory");
    private final FilteredList<GrowthRow> visibleGrowth = new FilteredList<>(growth, r -> true);
    private final BooleanProperty live = new SimpleBooleanProperty(this, "live");
    private final BooleanProperty holdView = new SimpleBooleanProperty(this, "holdView");
    private final BooleanProperty stackOnly = new SimpleBooleanProperty(this, "stackOnly");
    private final ObjectProperty<SeriesSplit> split = new SimpleObjectProperty<>(this, "split", SeriesSplit.CATEGORY);
    private final ReadOnlyObjectWrapper<List<SeriesPoint>> stackLive = new ReadOnlyObjectWrapper<>(this, "stackLive");
    private TimeWindow heldWhole;
    private final ObjectProperty<SuppressionSet> suppressions =
            new SimpleObjectProperty<>(this, "suppressions", new SuppressionSet(List.of()));

    private boolean leakQueryRunning;
    private boolean leakQueryPending;
    private boolean detailRunning;
    private boolean detailPending;
    private boolean growthRunning;
    private boolean growthPending;

    public RecordingViewModel(OpenedRecording opened, Background background, Consumer<UserMessage> errors) {
        this(opened, background, errors, new SimpleObjectProperty<>(new SuppressionSet(List.of())));
    }

    /** With the suppression rules to apply (and follow) from the first leak query on. */
    public RecordingViewModel(OpenedRecording opened, Background background, Consumer<UserMessage> errors,
                              javafx.beans.value.ObservableValue<SuppressionSet> rules) {
        suppressions.bind(rules);
        this.queries = opened.queries();
        this.background = background;
        this.errors = errors;
        this.leakTable = new LeakTableViewModel("windows".equalsIgnoreCase(opened.info().platform()));
        info.set(opened.info());
        whole.set(opened.whole());
        overview.set(opened.overview());
        viewport.set(Viewport.all(opened.whole()));
        selection.addListener((o, was, now) -> selectionChanged());
        horizon.addListener((o, was, now) -> refreshLeaks());
        suppressions.addListener((o, was, now) -> refreshLeaks());
        viewport.addListener((o, was, now) -> refreshDetail());
        chartWidth.addListener((o, was, now) -> refreshDetail());
        growthCategory.addListener((o, was, now) ->
                visibleGrowth.setPredicate(r -> now == null || r.entry().category() == now));
        split.addListener((o, was, now) -> {
            refreshOverview();
            refreshDetail();
        });
        leakTable.selectedProperty().addListener((o, was, now) -> refreshStackLive(now));
        holdView.addListener((o, was, now) -> {
            if (!now && heldWhole != null) {
                viewport.set(viewport.get().withBounds(heldWhole));
                heldWhole = null;
            }
        });
        selectionChanged();
        refreshGrowth();
    }

    /** The window the leak table is about: the selection, or the whole recording when nothing is selected. */
    public TimeWindow effectiveWindow() {
        return selection.get() != null ? selection.get() : whole.get();
    }

    private void selectionChanged() {
        TimeWindow w = effectiveWindow();
        fromText.set(Formats.seconds(w.fromNanos()));
        toText.set(Formats.seconds(w.toNanos()));
        selectionText.set((selection.get() == null ? "Whole recording: " : "Window: ") + Formats.window(w));
        refreshLeaks();
    }

    /**
     * Applies the from/to fields. Returns false (and changes nothing) when they do not
     * make a window inside the recording; the view then marks the fields.
     */
    public boolean applyFromTo() {
        Long from = Formats.parseSeconds(fromText.get());
        Long to = Formats.parseSeconds(toText.get());
        TimeWindow all = whole.get();
        if (from == null || to == null || to < from || from > all.toNanos()) return false;
        select(new TimeWindow(Math.max(all.fromNanos(), from), Math.min(all.toNanos(), to)));
        return true;
    }

    /** Selects {@code w} clipped to the recording; a window of zero length clears the selection. */
    public void select(TimeWindow w) {
        TimeWindow all = whole.get();
        long from = Math.max(all.fromNanos(), Math.min(w.fromNanos(), w.toNanos()));
        long to = Math.min(all.toNanos(), Math.max(w.fromNanos(), w.toNanos()));
        if (to <= from) {
            selection.set(null);
            return;
        }
        selection.set(new TimeWindow(from, to));
    }

    public void clearSelection() { selection.set(null); }

    /**
     * Keyboard nudging: moves the selection by a step (1% of the visible span, 10% if
     * {@code coarse}) in {@code direction} (-1 or +1). With {@code endOnly} only the end
     * moves, resizing the window.
     */
    public void nudge(int direction, boolean coarse, boolean endOnly) {
        TimeWindow sel = selection.get();
        if (sel == null) return;
        long step = Math.max(1, viewport.get().span() / (coarse ? 10 : 100)) * Integer.signum(direction);
        TimeWindow all = whole.get();
        if (endOnly) {
            long to = Math.max(sel.fromNanos() + 1, Math.min(all.toNanos(), sel.toNanos() + step));
            selection.set(new TimeWindow(sel.fromNanos(), to));
            return;
        }
        long len = sel.lengthNanos();
        long from = Math.max(all.fromNanos(), Math.min(all.toNanos() - len, sel.fromNanos() + step));
        selection.set(new TimeWindow(from, from + len));
    }

    public void toggleHorizon() {
        horizon.set(horizon.get() == Horizon.END ? Horizon.WINDOW : Horizon.END);
    }

    public void zoom(long anchorNanos, double factor) { viewport.set(viewport.get().zoom(anchorNanos, factor)); }

    public void pan(long deltaNanos) { viewport.set(viewport.get().pan(deltaNanos)); }

    public void resetZoom() { viewport.set(Viewport.all(whole.get())); }

    /** Zooms the chart to the selection (no-op without one). */
    public void zoomToSelection() {
        TimeWindow sel = selection.get();
        if (sel == null) return;
        Viewport all = Viewport.all(whole.get());
        long pad = sel.lengthNanos() / 20;
        long from = Math.max(all.boundFromNanos(), sel.fromNanos() - pad);
        long to = Math.min(all.boundToNanos(), sel.toNanos() + pad);
        viewport.set(new Viewport(from, Math.max(to, from + Viewport.MIN_SPAN_NANOS), all.boundFromNanos(),
                all.boundToNanos()));
    }

    /** Re-runs the leak query for the current window and horizon (latest-only). */
    public void refreshLeaks() {
        if (leakQueryRunning) {
            leakQueryPending = true;
            return;
        }
        leakQueryRunning = true;
        querying.set(true);
        TimeWindow w = effectiveWindow();
        Horizon h = horizon.get();
        SuppressionSet rules = suppressions.get();
        background.submit("Finding leaks", p -> {
            long t0 = System.nanoTime();
            Suppressed report = rules.apply(queries.leaks(w, h));
            return new TimedReport(report, System.nanoTime() - t0);
        }, new Outcome<TimedReport>() {
            @Override public void succeeded(TimedReport timed) {
                leakTable.show(timed.report().report(), timed.report().hits());
                lastLeakQueryMillis.set(timed.nanos() / 1e6);
                leakQueryDone();
            }

            @Override public void failed(Throwable error) {
                errors.accept(UserMessage.of("Could not list leaks", error));
                leakQueryDone();
            }

            @Override public void cancelled() { leakQueryDone(); }
        });
    }

    /** A leak report after the suppressions and how long its query took (off the UI thread), for the status bar. */
    private record TimedReport(Suppressed report, long nanos) {}

    private void leakQueryDone() {
        leakQueryRunning = false;
        if (leakQueryPending) {
            leakQueryPending = false;
            refreshLeaks();
        } else {
            querying.set(false);
        }
    }

    /** Re-reads the whole-recording overview with the lines the chart splits the count into now. */
    private void refreshOverview() {
        SeriesSplit lines = split.get();
        TimeWindow all = whole.get();
        background.submit("Loading chart", p -> queries.series(all, OpenedRecording.OVERVIEW_POINTS, lines),
                new Outcome<CountSeries>() {
                    @Override public void succeeded(CountSeries s) {
                        if (split.get() == lines && whole.get().equals(all)) overview.set(s);
                    }

                    @Override public void failed(Throwable error) {
                        errors.accept(UserMessage.of("Could not load the chart", error));
                    }
                });
    }

    /** When zoomed in, fetches a series at one point per pixel column for the visible window. */
    private void refreshDetail() {
        Viewport v = viewport.get();
        if (v.isAll() || chartWidth.get() <= 0) {
            detail.set(null);
            return;
        }
        if (detailRunning) {
            detailPending = true;
            return;
        }
        detailRunning = true;
        int points = chartWidth.get();
        SeriesSplit lines = split.get();
        background.submit("Loading chart", p -> queries.series(v.window(), points, lines), new Outcome<CountSeries>() {
            @Override public void succeeded(CountSeries s) {
                detail.set(s);
                detailDone();
            }

            @Override public void failed(Throwable error) {
                errors.accept(UserMessage.of("Could not load the chart", error));
                detailDone();
            }

            @Override public void cancelled() { detailDone(); }
        });
    }

    private void detailDone() {
        detailRunning = false;
        if (detailPending) {
            detailPending = false;
            refreshDetail();
        }
    }

    /** Ranks growth in the background, latest-only: while live it is asked on every re-read. */
    private void refreshGrowth() {
        if (growthRunning) {
            growthPending = true;
            return;
        }
        growthRunning = true;
        background.submit("Ranking growth", p -> queries.growth(GROWTH_LIMIT), new Outcome<List<GrowthEntry>>() {
            @Override public void succeeded(List<GrowthEntry> entries) {
                growth.setAll(entries.stream().map(GrowthRow::of).toList());
                growthDone();
            }

            @Override public void failed(Throwable error) {
                if (!live.get()) errors.accept(UserMessage.of("Could not rank growth", error));
                growthDone();
            }

            @Override public void cancelled() { growthDone(); }
        });
    }

    private void growthDone() {
        growthRunning = false;
        if (growthPending) {
            growthPending = false;
            refreshGrowth();
        }
    }

    /** A live recording grew: takes its new totals, extent and overview, and refreshes what depends on them. */
    public void grew(OpenedRecording latest) {
        info.set(latest.info());
        whole.set(latest.whole());
        overview.set(latest.overview());
        if (holdView.get()) heldWhole = latest.whole(); else viewport.set(viewport.get().withBounds(latest.whole()));
        if (selection.get() == null) selectionChanged();
        if (live.get() && !growthRunning) refreshGrowth();
    }

    /** Re-reads totals, extent and overview in the background (a live recording calls this on a timer). */
    public void reread(Runnable whenDone) {
        SeriesSplit lines = split.get();
        background.submit("Reading recording", p -> OpenedRecording.read(queries, lines), new Outcome<OpenedRecording>() {
            @Override public void succeeded(OpenedRecording latest) {
                grew(latest);
                whenDone.run();
            }

            @Override public void failed(Throwable error) { whenDone.run(); }
        });
    }

    private void refreshStackLive(LeakRow row) {
        stackLive.set(null);
        if (row == null) return;
        int stack = row.group().stackId();
        background.submit("Reading the stack's live count", p -> queries.stackLive(stack), new Outcome<List<SeriesPoint>>() {
            @Override public void succeeded(List<SeriesPoint> points) {
                LeakRow now = leakTable.selectedProperty().get();
                if (now != null && now.group().stackId() == stack) stackLive.set(points);
            }

            @Override public void failed(Throwable error) {
                errors.accept(UserMessage.of("Could not read the stack's live count", error));
            }
        });
    }

    /**
     * With "selected stack only" on and its counts read: that stack's live count over the visible
     * time, starting with the count it had when the view begins; else empty (the chart shows the total).
     */
    public java.util.Optional<CountSeries> stackOnlySeries() {
        List<SeriesPoint> all = stackLive.get();
        if (!stackOnly.get() || all == null) return java.util.Optional.empty();
        Viewport v = viewport.get();
        List<SeriesPoint> shown = new java.util.ArrayList<>();
        long before = 0;
        for (SeriesPoint p : all) {
            if (p.timeNanos() < v.fromNanos()) before = p.max();
            else if (p.timeNanos() <= v.toNanos()) shown.add(p);
        }
        shown.add(0, new SeriesPoint(v.fromNanos(), before, before));
        return java.util.Optional.of(new CountSeries(v.window(), shown, List.of()));
    }

    /** Refreshes growth once the recording has stopped growing. */
    public void finished() {
        live.set(false);
        refreshGrowth();
        refreshLeaks();
    }

    public RecordingQueries queries() { return queries; }

    /** A recording no longer shown (its file closed) must not query again when the app's rules change. */
    void stopFollowingRules() { suppressions.unbind(); }

    /**
     * The suppression rules applied to the leak table (and given to exports and the
     * iterations view), as the app's rules are; a change re-runs the leak query.
     */
    public ReadOnlyObjectProperty<SuppressionSet> suppressionsProperty() { return suppressions; }

    public ReadOnlyObjectProperty<RecordingInfo> infoProperty() { return info.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<TimeWindow> wholeProperty() { return whole.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CountSeries> overviewProperty() { return overview.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<CountSeries> detailProperty() { return detail.getReadOnlyProperty(); }

    public ObjectProperty<Viewport> viewportProperty() { return viewport; }

    public IntegerProperty chartWidthProperty() { return chartWidth; }

    public ObjectProperty<TimeWindow> selectionProperty() { return selection; }

    public ObjectProperty<Horizon> horizonProperty() { return horizon; }

    public StringProperty fromTextProperty() { return fromText; }

    public StringProperty toTextProperty() { return toText; }

    public BooleanProperty queryingProperty() { return querying; }

    public ReadOnlyDoubleProperty lastLeakQueryMillisProperty() { return lastLeakQueryMillis.getReadOnlyProperty(); }

    public ReadOnlyStringProperty selectionTextProperty() { return selectionText.getReadOnlyProperty(); }

    public DoubleProperty redrawMillisProperty() { return redrawMillis; }

    public LeakTableViewModel leakTable() { return leakTable; }

    public ObservableList<GrowthRow> growth() { return growth; }

    /**
     * True while the user drags on the chart: a live recording's growth then does not rescale the
     * chart under the pointer (the selection would land off); the growth is applied on release.
     */
    public BooleanProperty holdViewProperty() { return holdView; }

    /** The growth rows of {@link #growthCategoryProperty()}'s category, all when it is null. */
    public ObservableList<GrowthRow> visibleGrowth() { return visibleGrowth; }

    /** The one category of stacks the growth view keeps; null keeps all. */
    public ObjectProperty<HandleCategory> growthCategoryProperty() { return growthCategory; }

    /** How the chart splits the count into lines: per category (the default) or per handle type. */
    public ObjectProperty<SeriesSplit> splitProperty() { return split; }

    /** Whether the chart shows only the selected row's stack (see {@link #stackOnlySeries()}). */
    public BooleanProperty stackOnlyProperty() { return stackOnly; }

    /** The selected row's stack's live count over the whole recording; null while none is read. */
    public ReadOnlyObjectProperty<List<SeriesPoint>> stackLiveProperty() { return stackLive.getReadOnlyProperty(); }

    /** True while the recording is being captured and grows; the growth ranking then follows it. */
    public BooleanProperty liveProperty() { return live; }
}
