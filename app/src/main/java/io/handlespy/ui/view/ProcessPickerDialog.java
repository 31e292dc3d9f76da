package io.handlespy.ui.view;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.ProcessPickerViewModel;
import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Pick a process to attach to, or launch a program: a searchable, sortable process table. */
final class ProcessPickerDialog {
    private final Stage stage = new Stage();
    private final ProcessPickerViewModel vm;
    private final MainViewModel main;

    ProcessPickerDialog(Window owner, ProcessSource source, MainViewModel main) {
        this.main = main;
        this.vm = new ProcessPickerViewModel(source, main.background());
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Record a process");

        CustomTextField search = new CustomTextField();
        search.setPromptText("Search by PID, name, user or command line");
        search.setLeft(Icons.glyph(Material2MZ.SEARCH));
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        Button refresh = Icons.button(null, Material2MZ.REFRESH, "Refresh the list");
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setOnAction(e -> vm.refresh());
        ToggleSwitch wine = new ToggleSwitch("Windows programs under Wine");
        wine.selectedProperty().bindBidirectional(vm.wineProperty());
        wine.setVisible(vm.wineAvailable());
        wine.setManaged(vm.wineAvailable());
        HBox top = new HBox(10, search, wine, refresh);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<ProcessEntry> table = new TableView<>();
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
            TableRow<ProcessEntry> row = new TableRow<>();
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
        attach.setDefaultButton(true);
        attach.disableProperty().bind(vm.selectedProperty().isNull());
        attach.setOnAction(e -> attach());
        HBox buttons = new HBox(8, launch, new Spacer(), cancel, attach);

        BorderPane root = new BorderPane(table, top, null, buttons, null);
        BorderPane.setMargin(table, new Insets(10, 0, 10, 0));
        root.setPadding(new Insets(14));
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        Scene scene = new Scene(root, 980, 560);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        vm.refresh();
    }

    void show() { stage.show(); }

    /** Where a new recording of {@code what} goes: ~/handlespy-recordings/what-timestamp.mv.db. */
    static Path newRecordingFile(String what) {
        String safe = what.replaceAll("[^A-Za-z0-9._-]", "_");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of(System.getProperty("user.home"), "handlespy-recordings");
        dir.toFile().mkdirs();
        return dir.resolve(safe + "-" + stamp + ".mv.db");
    }

    private void attach() {
        ProcessEntry p = vm.selectedProperty().get();
        if (p == null) return;
        stage.close();
        main.attach(p, newRecordingFile(p.name()));
    }

    private void launch() {
        LaunchDialog d = new LaunchDialog(stage, vm.wineAvailable(), vm.wineProperty().get());
        d.showAndWait().ifPresent(spec -> {
            stage.close();
            main.launch(spec, newRecordingFile(Path.of(spec.program()).getFileName().toString()));
        });
    }

    static VBox labelled(String label, javafx.scene.Node field) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(4, l, field);
    }
}
