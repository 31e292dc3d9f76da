package io.handlespy.ui.view;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.store.Retention;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.ProcessPickerViewModel;
import io.handlespy.ui.model.RecordingFolder;
import io.handlespy.ui.model.RetentionText;
import io.handlespy.ui.model.UserMessage;
import io.handlespy.ui.source.LaunchSpec;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Pick a process to attach to, or launch a program: a searchable, sortable process table. */
final class ProcessPickerDialog {
    private static final PseudoClass UNTRACEABLE = PseudoClass.getPseudoClass("untraceable");

    private final Stage stage = new Stage();
    private final ProcessPickerViewModel vm;
    private final MainViewModel main;

    private final RecordingFolder folder;

    ProcessPickerDialog(Window owner, ProcessSource source, MainViewModel main, RecordingFolder folder) {
        this.main = main;
        this.folder = folder;
        this.vm = new ProcessPickerViewModel(source, main.background());
        stage.setTitle("Record a process");

        CustomTextField search = new CustomTextField();
        search.setPromptText("Search by PID, name, user or command line");
        search.setId("process-search");
        search.setLeft(Icons.glyph(Material2MZ.SEARCH));
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setOnAction(e -> attach());
        HBox.setHgrow(search, Priority.ALWAYS);
        Button refresh = Icons.button(null, Material2MZ.REFRESH, "Refresh the list");
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setOnAction(e -> vm.refresh());
        ToggleSwitch wine = new ToggleSwitch("Windows programs under Wine");
        wine.setId("process-wine");
        wine.selectedProperty().bindBidirectional(vm.wineProperty());
        wine.setVisible(vm.wineAvailable());
        wine.setManaged(vm.wineAvailable());
        HBox top = new HBox(10, search, wine, refresh);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox prefixRow = winePrefixRow();
        prefixRow.visibleProperty().bind(vm.wineProperty());
        prefixRow.managedProperty().bind(vm.wineProperty());
        VBox header = new VBox(8, top, prefixRow);

        TableView<ProcessEntry> table = new TableView<>();
        table.setId("process-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        TableColumn<ProcessEntry, Long> pid = LeakPane.column("PID", ProcessEntry::pid);
        TableColumn<ProcessEntry, String> name = LeakPane.column("Name", ProcessEntry::name);
        name.setPrefWidth(170);
        TableColumn<ProcessEntry, String> arch = LeakPane.column("Arch", ProcessEntry::arch);
        TableColumn<ProcessEntry, String> user = LeakPane.column("User", ProcessEntry::user);
        TableColumn<ProcessEntry, Long> handles = LeakPane.column("Handles", ProcessEntry::handles);
        handles.setCellFactory(c -> new TableCell<>() {
            @Override protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : v < 0 ? "—" : String.format("%,d", v));
            }
        });
        TableColumn<ProcessEntry, String> cmd = LeakPane.column("Command line", ProcessEntry::commandLine);
        cmd.setPrefWidth(420);
        table.getColumns().setAll(List.of(pid, name, arch, user, handles, cmd));
        SortedList<ProcessEntry> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.when(vm.loadingProperty())
                .then("Listing processes…").otherwise(vm.errorProperty()));
        table.setPlaceholder(placeholder);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        table.setRowFactory(t -> {
            TableRow<ProcessEntry> row = new TableRow<>() {
                @Override protected void updateItem(ProcessEntry p, boolean empty) {
                    super.updateItem(p, empty);
                    boolean greyed = !empty && p != null && !p.traceable();
                    pseudoClassStateChanged(UNTRACEABLE, greyed);
                    setTooltip(greyed ? new Tooltip("Cannot be recorded: " + p.untraceable()) : null);
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) attach();
            });
            return row;
        });

        Button launch = Icons.button("Launch…", Material2AL.LAUNCH, "Start a program under HandleSpy");
        launch.setOnAction(e -> launch());
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button attach = Icons.button("Attach", Material2AL.LINK, "Record the selected process");
        attach.getStyleClass().add(Styles.ACCENT);
        attach.setId("process-attach");
        attach.setDefaultButton(true);
        attach.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.selectedProperty().get() == null || !vm.selectedProperty().get().traceable()
                        || vm.attachingProperty().get(), vm.selectedProperty(), vm.attachingProperty()));
        attach.setOnAction(e -> attach());
        launch.disableProperty().bind(vm.attachingProperty());
        HBox buttons = new HBox(8, launch, new Spacer(), cancel, attach);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("process-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.attachingProperty().get()) return "Attaching…";
            if (!vm.attachErrorProperty().get().isEmpty()) return vm.attachErrorProperty().get();
            String why = vm.selectedProblem();
            return why.isEmpty() ? "" : "Cannot record this process: " + why;
        }, vm.attachingProperty(), vm.attachErrorProperty(), vm.selectedProperty()));
        vm.selectedProperty().addListener((o, was, now) -> vm.attachErrorProperty().set(""));

        TextField folderField = new TextField(folder.folderProperty().get().toString());
        folderField.setId("recording-folder");
        folderField.textProperty().addListener((o, was, now) -> {
            if (!now.isBlank()) folder.folderProperty().set(Path.of(now.strip()));
        });
        HBox.setHgrow(folderField, Priority.ALWAYS);
        Button browse = Icons.button(null, Material2AL.FOLDER_OPEN, "Choose the folder for new recordings");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            File current = folder.folderProperty().get().toFile();
            if (current.isDirectory()) dc.setInitialDirectory(current);
            File f = dc.showDialog(stage);
            if (f != null) folderField.setText(f.getAbsolutePath());
        });
        Label saveIn = new Label("Save recordings in");
        HBox folderRow = new HBox(8, saveIn, folderField, browse);
        folderRow.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(8, problem, folderRow, retentionRow(), buttons);

        BorderPane root = new BorderPane(table, header, null, bottom, null);
        BorderPane.setMargin(table, new Insets(10, 0, 10, 0));
        root.setPadding(new Insets(14));
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        root.setPrefSize(980, 560);
        Windows.dialog(stage, owner, root);
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> search.requestFocus());
        vm.refresh();
    }

    void show() { stage.show(); }

    /** Which Wine prefix to list and record in: the known ones, one typed, or one browsed for. */
    private HBox winePrefixRow() {
        ComboBox<Path> prefix = new ComboBox<>(vm.knownPrefixes());
        prefix.setId("wine-prefix");
        prefix.setEditable(true);
        prefix.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Path p) { return p == null ? "" : p.toString(); }

            @Override public Path fromString(String s) {
                return s == null || s.isBlank() ? null : Path.of(s.strip()).toAbsolutePath();
            }
        });
        prefix.setValue(vm.winePrefixProperty().get());
        prefix.valueProperty().addListener((o, was, now) -> {
            if (now != null) vm.winePrefixProperty().set(now);
        });
        prefix.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(prefix, Priority.ALWAYS);
        Button browse = Icons.button(null, Material2AL.FOLDER_OPEN, "Choose a Wine prefix folder");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            File current = vm.winePrefixProperty().get().toFile();
            if (current.isDirectory()) dc.setInitialDirectory(current);
            File f = dc.showDialog(stage);
            if (f != null) prefix.setValue(f.toPath().toAbsolutePath());
        });
        vm.wineProperty().addListener((o, was, now) -> {
            if (now) vm.findPrefixes();
        });
        HBox row = new HBox(8, new Label("Wine prefix"), prefix, browse);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Which retention mode the next recording uses, with what it keeps in one line. */
    private HBox retentionRow() {
        ComboBox<Retention> mode = new ComboBox<>(FXCollections.observableArrayList(Retention.values()));
        mode.setId("record-retention");
        mode.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Retention r) { return r == null ? "" : RetentionText.label(r); }

            @Override public Retention fromString(String s) { return null; }
        });
        mode.valueProperty().bindBidirectional(main.retentionProperty());
        Label explanation = new Label();
        explanation.setId("record-retention-explanation");
        explanation.getStyleClass().add(Styles.TEXT_MUTED);
        explanation.setWrapText(true);
        explanation.textProperty().bind(Bindings.createStringBinding(
                () -> RetentionText.explanation(main.retentionProperty().get()), main.retentionProperty()));
        HBox.setHgrow(explanation, Priority.ALWAYS);
        HBox row = new HBox(8, new Label("Keep"), mode, explanation);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Path newRecordingFile(String what) {
        return folder.fileFor(what, LocalDateTime.now());
    }

    /** Attaches to {@link ProcessPickerViewModel#target()}; the picker closes only once recording. */
    private void attach() {
        ProcessEntry p = vm.target().orElse(null);
        if (p == null || vm.attachingProperty().get()) return;
        vm.attachingProperty().set(true);
        vm.attachErrorProperty().set("");
        main.attach(p, newRecordingFile(p.name()), this::started, this::failed);
    }

    private void launch() {
        LaunchDialog d = new LaunchDialog(stage, vm.wineAvailable(), vm.wineProperty().get());
        d.showAndWait().map(s -> s.wine() ? new LaunchSpec(s.program(), s.arguments(), s.workingDirectory(), true,
                vm.winePrefixProperty().get()) : s).ifPresent(spec -> {
            vm.attachingProperty().set(true);
            vm.attachErrorProperty().set("");
            main.launch(spec, newRecordingFile(Path.of(spec.program()).getFileName().toString()), this::started,
                    this::failed);
        });
    }

    private void started() {
        vm.attachingProperty().set(false);
        stage.close();
    }

    private void failed(UserMessage m) {
        vm.attachingProperty().set(false);
        vm.attachErrorProperty().set(m.title() + ": " + m.text());
    }

    static VBox labelled(String label, javafx.scene.Node field) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(4, l, field);
    }
}
