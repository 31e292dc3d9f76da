package io.handlespy.ui.view;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.SeriesSplit;
import io.handlespy.ui.chart.ChartPalette;
import io.handlespy.ui.chart.ChartSvg;
import io.handlespy.ui.chart.ChartView;
import io.handlespy.ui.source.ChartFiles;
import io.handlespy.ui.model.Formats;
import io.handlespy.ui.model.CompareViewModel;
import io.handlespy.ui.model.IterationsViewModel;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.NotMyCode;
import io.handlespy.ui.model.RecordingFolder;
import io.handlespy.ui.model.SourceViewModel;
import io.handlespy.ui.model.SuppressionsViewModel;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.source.Opener;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.source.ReportExporter;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.controlsfx.control.MaskerPane;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The main window: menu and toolbar, the chart with its window fields, the leak
 * and growth tabs, and the status bar. A thin view over {@link MainViewModel}.
 */
public final class MainWindow extends BorderPane {
    private final MainViewModel vm;
    private final ProcessSource processes;
    private final ReportExporter exporter;
    private final Opener opener;
    private final BooleanProperty dark;
    private final ChartView chart = new ChartView();
    private final StackPane center = new StackPane();
    private final BorderPane recordingView = new BorderPane();
    private final TextField from = new TextField();
    private final TextField to = new TextField();
    private final SegmentedButton horizon;
    private final ToggleButton horizonEnd = new ToggleButton("Recording end");
    private final ToggleButton horizonWindow = new ToggleButton("Window end");
    private final Label redraw = new Label();
    private final Label query = new Label();
    private final Label selectionText = new Label();
    private final Label chartTitle = new Label("Handle count");
    private final ToggleButton stackOnly = new ToggleButton("Selected stack only");
    private BooleanProperty boundStackOnly;
    private final ToggleButton byType = new ToggleButton("By type");
    private RecordingViewModel splitModel;
    private final Menu recentMenu = new Menu("Open _Recent");
    private final RecordingFolder folder;
    private final NotMyCode notMine;
    private final SuppressionsViewModel suppressions;

    public MainWindow(MainViewModel vm, ProcessSource processes, ReportExporter exporter,
                      Opener opener, BooleanProperty dark, RecordingFolder folder, NotMyCode notMine,
                      SuppressionsViewModel suppressions) {
        this.vm = vm;
        this.suppressions = suppressions;
        vm.suppressionsProperty().bind(suppressions.rulesProperty());
        this.notMine = notMine;
        this.folder = folder;
        this.processes = processes;
        this.exporter = exporter;
        this.opener = opener;
        this.dark = dark == null ? new SimpleBooleanProperty() : dark;
        getStyleClass().add("main-window");
        setId("main-window");
        horizonEnd.setUserData(Horizon.END);
        horizonWindow.setUserData(Horizon.WINDOW);
        horizon = new SegmentedButton(horizonEnd, horizonWindow);
        horizon.setToggleGroup(new ToggleGroup());
        horizon.getStyleClass().add("horizon");

        setTop(new VBox(menuBar(), toolBar()));
        buildRecordingView();
        center.getChildren().setAll(welcome());
        MaskerPane masker = new MaskerPane();
        masker.visibleProperty().bind(vm.busyProperty());
        masker.textProperty().bind(vm.busyTextProperty());
        masker.progressProperty().bind(vm.busyProgressProperty());
        center.getChildren().add(masker);
        setCenter(center);
        setBottom(statusBar());

        chart.paletteProperty().bind(Bindings.when(this.dark).then(ChartPalette.dark()).otherwise(ChartPalette.light()));
        vm.recordingProperty().addListener((o, was, now) -> show(now));
        vm.consoleProperty().addListener((o, was, now) -> {
            if (now != null) {
                Tab console = new Tab("Console", new ConsolePane(now));
                console.setId("console-tab");
                console.setGraphic(Icons.glyph(Material2AL.CODE));
                ((TabPane) recordingView.getUserData()).getTabs().add(console);
            }
        });
        vm.messageProperty().addListener((o, was, now) -> {
            if (now != null) Messages.show(getScene() == null ? null : getScene().getWindow(), now);
        });
        vm.recent().files().addListener((javafx.collections.ListChangeListener<Path>) c -> fillRecent());
        fillRecent();

        Timeline live = new Timeline(new KeyFrame(Duration.millis(500), e -> vm.tick()));
        live.setCycleCount(Timeline.INDEFINITE);
        vm.capturingProperty().addListener((o, was, now) -> {
            if (now) live.play(); else live.stop();
        });
    }

    private MenuBar menuBar() {
        MenuItem record = new MenuItem("_Record a Process…", Icons.glyph(Material2MZ.RADIO_BUTTON_CHECKED));
        record.setAccelerator(KeyCombination.keyCombination("Shortcut+N"));
        record.setOnAction(e -> pickProcess());
        MenuItem open = new MenuItem("_Open Recording…", Icons.glyph(Material2AL.FOLDER_OPEN));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem save = new MenuItem("Save _As…", Icons.glyph(Material2MZ.SAVE));
        save.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+S"));
        save.setOnAction(e -> saveAs());
        save.disableProperty().bind(vm.recordingProperty().isNull());
        MenuItem export = new MenuItem("_Export…", Icons.glyph(Material2AL.GET_APP));
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.setOnAction(e -> export());
        export.disableProperty().bind(vm.recordingProperty().isNull());
        MenuItem mark = new MenuItem("_Mark Iteration", Icons.glyph(Material2AL.FLAG));
        mark.setAccelerator(KeyCombination.keyCombination("Shortcut+M"));
        mark.setOnAction(e -> vm.mark());
        mark.disableProperty().bind(vm.capturingProperty().not());
        MenuItem chartOut = new MenuItem("Export _Chart…");
        chartOut.setId("export-chart");
        chartOut.setOnAction(e -> exportChart());
        chartOut.disableProperty().bind(vm.recordingProperty().isNull());
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            if (mayClose()) getScene().getWindow().hide();
        });
        Menu file = new Menu("_File", null, record, mark, open, recentMenu, new SeparatorMenuItem(), save, export, chartOut,
                new SeparatorMenuItem(), quit);

        MenuItem reset = new MenuItem("Show _Everything");
        reset.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
        reset.setOnAction(e -> withRecording(RecordingViewModel::resetZoom));
        MenuItem zoomSel = new MenuItem("_Zoom to Selection");
        zoomSel.setOnAction(e -> withRecording(RecordingViewModel::zoomToSelection));
        MenuItem theme = new MenuItem("Toggle _Dark Theme");
        theme.setOnAction(e -> dark.set(!dark.get()));
        MenuItem notMyCode = new MenuItem("_Not My Code…");
        notMyCode.setOnAction(e -> new NotMyCodeDialog(getScene().getWindow(), notMine).show());
        Menu view = new Menu("_View", null, reset, zoomSel, new SeparatorMenuItem(), notMyCode, theme);
        return new MenuBar(file, view);
    }

    private ToolBar toolBar() {
        Button record = Icons.button("Record", Material2MZ.RADIO_BUTTON_CHECKED, "Attach to a process or launch one");
        record.getStyleClass().add("record");
        record.setId("record-button");
        record.setOnAction(e -> pickProcess());
        record.disableProperty().bind(vm.capturingProperty());
        Button stop = Icons.button("Stop", Material2MZ.STOP, "Detach; the target keeps running");
        stop.getStyleClass().add("stop");
        stop.disableProperty().bind(vm.capturingProperty().not());
        stop.setOnAction(e -> vm.stop());
        Button mark = Icons.button("Mark", Material2AL.FLAG,
            "Mark an iteration boundary now (Shortcut+M), e.g. before each repetition of a suspect action");
        mark.setId("mark-button");
        mark.visibleProperty().bind(vm.capturingProperty());
        mark.managedProperty().bind(vm.capturingProperty());
        mark.textProperty().bind(vm.marksProperty().asString("Mark (%d)"));
        mark.setOnAction(e -> vm.mark());
        Button open = Icons.button(null, Material2AL.FOLDER_OPEN, "Open a recording");
        open.getStyleClass().add(Styles.BUTTON_ICON);
        open.setId("open-button");
        open.setOnAction(e -> chooseAndOpen());
        Button export = Icons.button("Export", Material2AL.GET_APP, "Export this window's leaks");
        export.setId("export-button");
        export.disableProperty().bind(vm.recordingProperty().isNull());
        export.setOnAction(e -> export());

        from.setId("window-from");
        to.setId("window-to");
        for (TextField f : new TextField[] {from, to}) {
            f.setPrefColumnCount(6);
            f.getStyleClass().add("time-field");
            f.setOnAction(e -> applyFromTo());
            f.focusedProperty().addListener((o, was, now) -> {
                if (!now) applyFromTo();
            });
        }
        Label fromLabel = new Label("Window");
        Label toLabel = new Label("to");
        Label sLabel = new Label("s");
        HBox window = new HBox(6, fromLabel, from, toLabel, to, sLabel);
        window.setAlignment(Pos.CENTER_LEFT);
        Label leakedAt = new Label("Leaked if open at");
        leakedAt.setTooltip(new Tooltip("The horizon: when a handle must still be open to count as leaked"));
        horizonEnd.setId("horizon-end");
        horizonWindow.setId("horizon-window");
        horizonEnd.setTooltip(new Tooltip("Count handles still open when the recording ended"));
        horizonWindow.setTooltip(new Tooltip("Count handles still open at the end of the selected window (H)"));
        horizon.getToggleGroup().selectedToggleProperty().addListener((o, was, now) -> {
            RecordingViewModel r = vm.recordingProperty().get();
            if (now == null) {
                if (was != null) was.setSelected(true);
            } else if (r != null) {
                r.horizonProperty().set((Horizon) now.getUserData());
            }
        });
        HBox horizonBox = new HBox(8, leakedAt, horizon);
        horizonBox.setAlignment(Pos.CENTER_LEFT);
        Node[] recordingOnly = {window, horizonBox, export};
        for (Node n : recordingOnly) n.disableProperty().bind(vm.recordingProperty().isNull());
        Button zoomIn = iconButton(Material2MZ.ZOOM_IN, "Zoom in (+)", r -> r.zoom(mid(r), 0.5));
        Button zoomOut = iconButton(Material2MZ.ZOOM_OUT, "Zoom out (−)", r -> r.zoom(mid(r), 2));
        Button zoomAll = iconButton(Material2AL.FULLSCREEN, "Show everything (0)", RecordingViewModel::resetZoom);
        Button theme = Icons.button(null, Material2AL.BRIGHTNESS_6, "Toggle dark theme");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        theme.setOnAction(e -> dark.set(!dark.get()));
        ToolBar bar = new ToolBar(record, stop, mark, open, export, new Separator(Orientation.VERTICAL), window,
                new Separator(Orientation.VERTICAL), horizonBox, new Separator(Orientation.VERTICAL), zoomIn, zoomOut,
                zoomAll, new Spacer(), theme);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private static long mid(RecordingViewModel r) {
        var v = r.viewportProperty().get();
        return v.fromNanos() + v.span() / 2;
    }

    private Button iconButton(org.kordamp.ikonli.Ikon ikon, String tip, Consumer<RecordingViewModel> action) {
        Button b = Icons.button(null, ikon, tip);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setOnAction(e -> withRecording(action));
        b.disableProperty().bind(vm.recordingProperty().isNull());
        return b;
    }

    private void withRecording(Consumer<RecordingViewModel> action) {
        RecordingViewModel r = vm.recordingProperty().get();
        if (r != null) action.accept(r);
    }

    private void applyFromTo() {
        RecordingViewModel r = vm.recordingProperty().get();
        if (r == null) return;
        boolean ok = r.applyFromTo();
        from.pseudoClassStateChanged(Styles.STATE_DANGER, !ok);
        to.pseudoClassStateChanged(Styles.STATE_DANGER, !ok);
    }

    private void buildRecordingView() {
        Circle trackedDot = new Circle(5);
        trackedDot.getStyleClass().add("legend-tracked");
        Circle osDot = new Circle(5);
        osDot.getStyleClass().add("legend-os");
        Label title = chartTitle;
        title.getStyleClass().add(Styles.TITLE_4);
        stackOnly.setId("stack-only");
        stackOnly.getStyleClass().add(Styles.SMALL);
        stackOnly.setTooltip(new Tooltip("Show only the live count of the stack selected in the leak table"));
        stackOnly.setDisable(true);
        byType.setId("split-by-type");
        byType.getStyleClass().add(Styles.SMALL);
        byType.setTooltip(new Tooltip("Split the count into one line per handle type (the "
                + io.handlespy.analysis.Analysis.TOP_TYPES + " largest, the rest as \u201cother\u201d)"));
        byType.selectedProperty().addListener((o, was, now) -> {
            if (splitModel != null) splitModel.splitProperty().set(now ? SeriesSplit.TYPE : SeriesSplit.CATEGORY);
        });
        Label trackedLegend = new Label("Tracked", trackedDot);
        Label osLegend = new Label("OS reported", osDot);
        selectionText.getStyleClass().add(Styles.TEXT_MUTED);
        selectionText.setId("selection-text");
        redraw.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        redraw.setId("redraw-time");
        redraw.setTooltip(new Tooltip("Time the last chart redraw took on the UI thread"));
        Label divergence = new Label();
        divergence.setId("os-divergence");
        divergence.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        divergence.textProperty().bind(chart.divergenceProperty());
        osLegend.setTooltip(new Tooltip("The descriptor or handle count the OS reports, sampled; drawn dashed on top"));
        HBox chartHeader = new HBox(14, title, trackedLegend, osLegend, divergence, new Spacer(), byType, stackOnly, selectionText,
                redraw);
        chartHeader.setAlignment(Pos.CENTER_LEFT);
        chartHeader.getStyleClass().add("chart-header");
        chart.setId("chart");
        VBox chartCard = new VBox(chartHeader, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);
        chartCard.getStyleClass().add("chart-card");
        Label hint = new Label("Drag to select a window · wheel to zoom · right-drag to pan · ←/→ nudge · H horizon");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL, "chart-hint");
        chartCard.getChildren().add(hint);

        TabPane tabs = new TabPane();
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("bottom-tabs");
        SplitPane split = new SplitPane(chartCard, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        recordingView.setCenter(split);
        recordingView.setUserData(tabs);
    }

    private void show(RecordingViewModel r) {
        TabPane tabs = (TabPane) recordingView.getUserData();
        if (r == null) {
            chart.modelProperty().set(null);
            center.getChildren().set(0, welcome());
            return;
        }
        chart.modelProperty().set(r);
        if (boundStackOnly != null) stackOnly.selectedProperty().unbindBidirectional(boundStackOnly);
        boundStackOnly = r.stackOnlyProperty();
        splitModel = r;
        byType.setSelected(r.splitProperty().get() == SeriesSplit.TYPE);
        stackOnly.selectedProperty().bindBidirectional(boundStackOnly);
        stackOnly.disableProperty().bind(r.leakTable().selectedProperty().isNull());
        chartTitle.textProperty().bind(Bindings.when(r.stackOnlyProperty().and(r.leakTable().selectedProperty().isNotNull()))
                .then("Live handles of the selected stack").otherwise("Handle count"));
        r.leakTable().use(notMine);
        LeakPane leakPane = new LeakPane(r.leakTable(), notMine, new SourceViewModel(vm.background()), opener);
        leakPane.addToHeader(new SuppressionBar(suppressions, r.leakTable()));
        Tab leaks = new Tab("Leaks", leakPane);
        leaks.setGraphic(Icons.glyph(Material2AL.BUG_REPORT));
        Tab growth = new Tab("Growth", new GrowthPane(r));
        growth.setGraphic(Icons.glyph(Material2MZ.TRENDING_UP));
        Tab compare = new Tab("Compare", new ComparePane(new CompareViewModel(r, vm.background(), vm.opener())));
        compare.setGraphic(Icons.glyph(Material2AL.COMPARE_ARROWS));
        IterationsViewModel perIteration = new IterationsViewModel(r, vm.background());
        Tab iterations = new Tab("Iterations", new IterationsPane(perIteration));
        iterations.setId("iterations-tab");
        perIteration.shownProperty().bind(iterations.selectedProperty());
        iterations.setGraphic(Icons.glyph(Material2AL.FLAG));
        tabs.getTabs().setAll(leaks, growth, compare, iterations);
        from.textProperty().bindBidirectional(r.fromTextProperty());
        to.textProperty().bindBidirectional(r.toTextProperty());
        selectionText.textProperty().bind(r.selectionTextProperty());
        redraw.textProperty().bind(Bindings.createStringBinding(
                () -> "redraw " + Formats.millis(r.redrawMillisProperty().get()), r.redrawMillisProperty()));
        query.textProperty().bind(Bindings.createStringBinding(
                () -> "leaks query " + Formats.millis(r.lastLeakQueryMillisProperty().get()),
                r.lastLeakQueryMillisProperty()));
        (r.horizonProperty().get() == Horizon.END ? horizonEnd : horizonWindow).setSelected(true);
        r.horizonProperty().addListener((o, was, now) -> (now == Horizon.END ? horizonEnd : horizonWindow).setSelected(true));
        center.getChildren().set(0, recordingView);
    }

    private Node welcome() {
        Label title = new Label("HandleSpy");
        title.getStyleClass().add(Styles.TITLE_1);
        Label sub = new Label("Find the line of code that opened the handles nobody closed.");
        sub.getStyleClass().add(Styles.TEXT_MUTED);
        Button record = Icons.button("Record a process…", Material2MZ.RADIO_BUTTON_CHECKED, null);
        record.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE);
        record.setOnAction(e -> pickProcess());
        Button open = Icons.button("Open a recording…", Material2AL.FOLDER_OPEN, null);
        open.getStyleClass().add(Styles.LARGE);
        open.setOnAction(e -> chooseAndOpen());
        HBox actions = new HBox(12, record, open);
        actions.setAlignment(Pos.CENTER);
        VBox box = new VBox(14, new javafx.scene.image.ImageView(Icons.app()[4]), title, sub, actions);
        box.setAlignment(Pos.CENTER);
        if (!vm.recent().files().isEmpty()) {
            Label recent = new Label("Recent recordings");
            recent.getStyleClass().add(Styles.TEXT_BOLD);
            box.getChildren().add(recent);
            for (Path p : vm.recent().files().subList(0, Math.min(5, vm.recent().files().size()))) {
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(p.toString());
                link.setOnAction(e -> vm.open(p));
                box.getChildren().add(link);
            }
        }
        box.getStyleClass().add("welcome");
        box.setPadding(new Insets(40));
        return box;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        var s = vm.status();
        Circle dot = new Circle(4);
        dot.getStyleClass().add("state-dot");
        vm.capturingProperty().addListener((o, was, now) -> dot.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("live"), now));
        Label state = new Label("", dot);
        state.setId("status-state");
        state.textProperty().bind(s.stateProperty());
        bar.textProperty().unbind();
        bar.setText("");
        Button cancel = new Button("Cancel");
        cancel.setId("busy-cancel");
        cancel.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        cancel.setOnAction(e -> vm.cancelBusy());
        Label busyText = new Label();
        busyText.textProperty().bind(vm.busyTextProperty());
        HBox busy = new HBox(8, new Separator(Orientation.VERTICAL), busyText, cancel);
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(vm.busyProperty());
        bar.getLeftItems().setAll(state, busy);
        Label elapsed = statusLabel(s.elapsedProperty(), Material2AL.ACCESS_TIME, "Recorded time");
        Label rate = statusLabel(s.rateProperty(), Material2MZ.SPEED, "Events per second");
        Label live = statusLabel(s.liveProperty(), Material2AL.LAYERS, "Handles open (tracked)");
        Label drops = statusLabel(s.dropsProperty(), Material2AL.ERROR_OUTLINE, "Events the agent had to drop");
        Label retention = statusLabel(s.retentionProperty(), Material2AL.ARCHIVE, "");
        retention.setId("status-retention");
        Tooltip retentionTip = new Tooltip();
        retentionTip.textProperty().bind(s.retentionDetailProperty());
        retention.setTooltip(retentionTip);
        query.getStyleClass().add(Styles.TEXT_MUTED);
        query.setId("query-time");
        bar.getRightItems().setAll(elapsed, sep(), rate, sep(), live, sep(), drops, sep(), retention, sep(), query);
        return bar;
    }

    private static Region sep() {
        Separator s = new Separator(Orientation.VERTICAL);
        s.setPadding(new Insets(0, 4, 0, 4));
        return s;
    }

    private static Label statusLabel(javafx.beans.value.ObservableValue<String> text, org.kordamp.ikonli.Ikon ikon,
                                     String tip) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.setGraphic(Icons.glyph(ikon));
        l.setTooltip(new Tooltip(tip));
        return l;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recent().files()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
        if (vm.recordingProperty().get() == null && !center.getChildren().isEmpty()) {
            center.getChildren().set(0, welcome());
        }
    }

    private FileChooser recordingChooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("HandleSpy recordings", "*.mv.db"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (!vm.recent().files().isEmpty() && vm.recent().files().get(0).getParent() != null) {
            File dir = vm.recent().files().get(0).getParent().toFile();
            if (dir.isDirectory()) fc.setInitialDirectory(dir);
        }
        return fc;
    }

    private void chooseAndOpen() {
        File f = recordingChooser("Open Recording").showOpenDialog(getScene().getWindow());
        if (f != null) vm.open(f.toPath());
    }

    private void saveAs() {
        File f = recordingChooser("Save Recording As").showSaveDialog(getScene().getWindow());
        if (f == null) return;
        String name = f.getName().endsWith(".mv.db") ? f.getName() : f.getName() + ".mv.db";
        vm.saveAs(f.toPath().resolveSibling(name));
    }

    /** Opens the export dialog for the current window and horizon. */
    public void export() {
        RecordingViewModel r = vm.recordingProperty().get();
        if (r == null) return;
        new ExportDialog(getScene().getWindow(), exporter, vm.background(), r, opener).show();
    }

    private void exportChart() {
        RecordingViewModel r = vm.recordingProperty().get();
        if (r == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Export Chart");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG image", "*.png"),
                new FileChooser.ExtensionFilter("SVG drawing", "*.svg"));
        String base = r.queries().file().getFileName().toString().replace(".mv.db", "");
        fc.setInitialFileName(base + "-chart.png");
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) exportChart(f.toPath());
    }

    /** Writes the chart as shown, window marked, to {@code file}: SVG for a .svg name, else PNG. */
    public void exportChart(Path file) {
        if (vm.recordingProperty().get() == null) return;
        boolean svg = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg");
        // Drawn here (the scene graph and its snapshot belong to this thread), written in the background.
        String text = svg ? ChartSvg.render(chart.exportScene(), chart.getWidth(), chart.getHeight(),
                chart.paletteProperty().get()) : null;
        java.awt.image.BufferedImage image = svg ? null
                : javafx.embed.swing.SwingFXUtils.fromFXImage(chart.exportImage(), null);
        vm.background().submit("Exporting the chart", p -> {
            if (svg) ChartFiles.writeSvg(file, text); else ChartFiles.writePng(file, image);
            return file;
        }, new io.handlespy.ui.task.Outcome<Path>() {
            @Override public void succeeded(Path written) { }

            @Override public void failed(Throwable error) {
                vm.tell(io.handlespy.ui.model.UserMessage.of("Cannot export the chart to " + file.getFileName(), error));
            }
        });
    }

    private void pickProcess() {
        new ProcessPickerDialog(getScene().getWindow(), processes, vm, folder).show();
    }

    /**
     * Whether the window may close now. While recording it asks first (without blocking) and
     * closes the window itself once the recording is finished the way the user chose.
     */
    public boolean mayClose() {
        if (!vm.capturingProperty().get()) return true;
        javafx.stage.Window w = getScene().getWindow();
        ClosePrompt.ask(w, vm.captureFile(), vm.captureLaunched(),
                choice -> vm.finishBeforeQuit(choice == ClosePrompt.Choice.END_TARGET, w::hide));
        return false;
    }

    public ChartView chart() { return chart; }

    /** The suppression rules the leak table, iterations and exports apply. */
    public SuppressionsViewModel suppressions() { return suppressions; }
}
