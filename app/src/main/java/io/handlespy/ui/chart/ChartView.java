package io.handlespy.ui.chart;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.model.RecordingViewModel;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * The interactive chart: drag to select a window, wheel to zoom, right/middle or
 * shift-drag to pan, double-click to show everything; arrow keys nudge the
 * selection (Shift: larger steps, Ctrl/Alt: move only its end), +/- zoom, 0 resets,
 * H toggles the horizon, Esc clears the selection.
 */
public final class ChartView extends Region {
    private final Canvas canvas = new Canvas();
    private final ChartRenderer renderer = new ChartRenderer();
    private final ObjectProperty<RecordingViewModel> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<ChartPalette> palette = new SimpleObjectProperty<>(this, "palette", ChartPalette.light());
    private final InvalidationListener redraw = o -> redraw();
    private final ReadOnlyStringWrapper divergence = new ReadOnlyStringWrapper(this, "divergence", "");
    private double pointerX = Double.NaN;
    private long dragAnchor = -1;
    private double panLastX = Double.NaN;
    private boolean dragged;

    public ChartView() {
        getStyleClass().add("chart-view");
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(200, 120);
        model.addListener((o, was, now) -> {
            if (was != null) unbind(was);
            if (now != null) bind(now);
            redraw();
        });
        palette.addListener(redraw);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointer(e.getX()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointer(Double.NaN));
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    private void bind(RecordingViewModel vm) {
        vm.overviewProperty().addListener(redraw);
        vm.detailProperty().addListener(redraw);
        vm.viewportProperty().addListener(redraw);
        vm.selectionProperty().addListener(redraw);
        vm.horizonProperty().addListener(redraw);
        vm.stackOnlyProperty().addListener(redraw);
        vm.stackLiveProperty().addListener(redraw);
        vm.chartWidthProperty().set(plotWidth());
    }

    private void unbind(RecordingViewModel vm) {
        vm.overviewProperty().removeListener(redraw);
        vm.detailProperty().removeListener(redraw);
        vm.viewportProperty().removeListener(redraw);
        vm.selectionProperty().removeListener(redraw);
        vm.horizonProperty().removeListener(redraw);
        vm.stackOnlyProperty().removeListener(redraw);
        vm.stackLiveProperty().removeListener(redraw);
    }

    private int plotWidth() {
        return (int) Math.max(1, getWidth() - ChartRenderer.LEFT - ChartRenderer.RIGHT);
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            RecordingViewModel vm = model.get();
            if (vm != null) vm.chartWidthProperty().set(plotWidth());
            redraw();
        }
    }

    /** The series to draw: the one-point-per-column detail when it covers the view, else the overview. */
    private static CountSeries seriesFor(RecordingViewModel vm) {
        var stack = vm.stackOnlySeries();
        if (stack.isPresent()) return stack.get();
        CountSeries d = vm.detailProperty().get();
        Viewport v = vm.viewportProperty().get();
        if (d != null && d.window().fromNanos() <= v.fromNanos() && d.window().toNanos() >= v.toNanos()) return d;
        return vm.overviewProperty().get();
    }

    /** Draws the chart now and records how long it took in the view model. */
    public void redraw() {
        RecordingViewModel vm = model.get();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) return;
        if (vm == null) {
            canvas.getGraphicsContext2D().setFill(palette.get().background());
            canvas.getGraphicsContext2D().fillRect(0, 0, w, h);
            return;
        }
        long t0 = System.nanoTime();
        ChartRenderer.Scene scene = new ChartRenderer.Scene(vm.viewportProperty().get(), seriesFor(vm),
                vm.selectionProperty().get(), vm.horizonProperty().get() == Horizon.WINDOW, pointerX);
        Columns[] drawn = renderer.draw(canvas.getGraphicsContext2D(), w, h, scene, palette.get());
        vm.redrawMillisProperty().set((System.nanoTime() - t0) / 1e6);
        Columns kernel = renderer.kernel();
        divergence.set(kernel == null ? "" : Divergence.describe(kernel, drawn[1]));
    }

    private PixelMap map() {
        return ChartRenderer.map(model.get().viewportProperty().get(), canvas.getWidth(), canvas.getHeight(), 1);
    }

    private void pointer(double x) {
        pointerX = x;
        redraw();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        if (model.get() == null) return;
        dragged = false;
        model.get().holdViewProperty().set(true);
        if (e.getButton() == MouseButton.PRIMARY && !e.isShiftDown()) {
            dragAnchor = map().time(e.getX());
        } else {
            panLastX = e.getX();
        }
    }

    private void dragged(MouseEvent e) {
        RecordingViewModel vm = model.get();
        if (vm == null) return;
        dragged = true;
        pointerX = e.getX();
        if (dragAnchor >= 0) {
            long t = map().time(e.getX());
            vm.select(new TimeWindow(Math.min(dragAnchor, t), Math.max(dragAnchor, t)));
        } else if (!Double.isNaN(panLastX)) {
            PixelMap m = map();
            long delta = m.time(panLastX) - m.time(e.getX());
            panLastX = e.getX();
            vm.pan(delta);
        }
    }

    private void released(MouseEvent e) {
        RecordingViewModel vm = model.get();
        if (vm != null && e.getClickCount() == 2) {
            vm.resetZoom();
        } else if (vm != null && !dragged && dragAnchor >= 0) {
            vm.clearSelection();
        }
        dragAnchor = -1;
        panLastX = Double.NaN;
        if (vm != null) vm.holdViewProperty().set(false);
    }

    private void scrolled(ScrollEvent e) {
        RecordingViewModel vm = model.get();
        if (vm == null || e.getDeltaY() == 0) return;
        vm.zoom(map().time(e.getX()), Math.pow(0.8, e.getDeltaY() / 40));
        e.consume();
    }

    private void key(KeyEvent e) {
        RecordingViewModel vm = model.get();
        if (vm == null) return;
        Viewport v = vm.viewportProperty().get();
        long mid = v.fromNanos() + v.span() / 2;
        boolean endOnly = e.isControlDown() || e.isAltDown();
        switch (e.getCode()) {
            case LEFT -> vm.nudge(-1, e.isShiftDown(), endOnly);
            case RIGHT -> vm.nudge(1, e.isShiftDown(), endOnly);
            case PLUS, EQUALS, ADD -> vm.zoom(mid, 0.5);
            case MINUS, SUBTRACT -> vm.zoom(mid, 2);
            case DIGIT0, NUMPAD0, HOME -> vm.resetZoom();
            case H -> vm.toggleHorizon();
            case Z -> vm.zoomToSelection();
            case ESCAPE -> vm.clearSelection();
            default -> { return; }
        }
        e.consume();
    }

    public ObjectProperty<RecordingViewModel> modelProperty() { return model; }

    public ObjectProperty<ChartPalette> paletteProperty() { return palette; }

    /** How the OS-reported count compares with the tracked one in view (see {@link Divergence}). */
    public ReadOnlyStringProperty divergenceProperty() { return divergence.getReadOnlyProperty(); }

    /** The chart as drawn now, without the pointer's crosshair, for export; null without a recording. */
    public ChartRenderer.Scene exportScene() {
        RecordingViewModel vm = model.get();
        if (vm == null) return null;
        return new ChartRenderer.Scene(vm.viewportProperty().get(), seriesFor(vm), vm.selectionProperty().get(),
                vm.horizonProperty().get() == Horizon.WINDOW, Double.NaN);
    }

    /** The chart as an image of its current size, drawn as {@link #exportScene()}. */
    public javafx.scene.image.WritableImage exportImage() {
        Canvas off = new Canvas(canvas.getWidth(), canvas.getHeight());
        new ChartRenderer().draw(off.getGraphicsContext2D(), off.getWidth(), off.getHeight(), exportScene(), palette.get());
        return off.snapshot(null, null);
    }

    /** The legend of the split lines last drawn (empty when the count is not split), for tests. */
    public java.util.List<String> legend() { return renderer.legend(); }

    /** For tests and benchmarks: the x pixel of a recording time on the current canvas. */
    public double xOf(long nanos) { return map().x(nanos); }
}
