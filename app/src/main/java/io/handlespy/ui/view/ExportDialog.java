package io.handlespy.ui.view;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import io.handlespy.ui.model.ExportViewModel;
import io.handlespy.ui.source.SuppressedQueries;
import io.handlespy.ui.model.Formats;
import io.handlespy.ui.model.RecordingViewModel;
import io.handlespy.ui.model.UserMessage;
import io.handlespy.ui.source.Opener;
import io.handlespy.ui.source.ReportExporter;
import io.handlespy.ui.task.Outcome;
import javafx.scene.layout.Region;
import io.handlespy.ui.source.ReportExporter.ExportChoice;
import io.handlespy.ui.task.Background;
import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.material2.Material2AL;

/** Export the selected window's leaks: format, file, progress, cancel, and "open containing folder". */
final class ExportDialog {
    private final Stage stage = new Stage();

    ExportDialog(Window owner, ReportExporter exporter, Background background, RecordingViewModel r,
                 Opener opener) {
        ExportViewModel vm = new ExportViewModel(exporter, background,
                new SuppressedQueries(r.queries(), r.suppressionsProperty().get()), r.effectiveWindow(),
                r.horizonProperty().get());
        stage.setTitle("Export leaks");

        Label what = new Label("Leaks created in " + Formats.window(vm.window()) + ", still open at the "
                + (vm.horizon() == io.handlespy.analysis.Horizon.END ? "end of the recording" : "end of the window")
                + suppressionNote(r));
        what.setId("export-what");
        what.setWrapText(true);
        what.setMinHeight(Region.USE_PREF_SIZE);
        what.getStyleClass().add(Styles.TEXT_MUTED);
        ComboBox<ExportChoice> format = new ComboBox<>();
        format.setId("export-format");
        format.getItems().setAll(vm.formats());
        format.valueProperty().bindBidirectional(vm.formatProperty());
        format.setConverter(new StringConverter<>() {
            @Override public String toString(ExportChoice c) { return c == null ? "" : c.label(); }

            @Override public ExportChoice fromString(String s) { return null; }
        });
        format.setMaxWidth(Double.MAX_VALUE);
        TextField output = new TextField();
        output.setId("export-output");
        output.setText(vm.outputProperty().get().toString());
        vm.outputProperty().addListener((o, was, now) -> output.setText(now.toString()));
        output.textProperty().addListener((o, was, now) -> {
            if (!now.isBlank() && !now.equals(String.valueOf(vm.outputProperty().get()))) {
                vm.outputProperty().set(Path.of(now.trim()));
            }
        });
        HBox.setHgrow(output, Priority.ALWAYS);
        Button browse = Icons.button(null, Material2AL.FOLDER_OPEN, "Choose the output file");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            Path current = vm.outputProperty().get();
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
            fc.setInitialFileName(current.getFileName().toString());
            File f = fc.showSaveDialog(stage);
            if (f != null) vm.outputProperty().set(f.toPath());
        });
        ProgressBar progress = new ProgressBar();
        progress.setId("export-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        Label state = new Label();
        state.setId("export-state");
        state.textProperty().bind(vm.stateProperty());
        state.setWrapText(true);

        Button openFolder = Icons.button("Open containing folder", Material2AL.FOLDER, null);
        openFolder.setId("export-open-folder");
        openFolder.disableProperty().bind(vm.writtenProperty().isNull());
        Label folderState = new Label();
        folderState.setId("export-folder-state");
        folderState.setWrapText(true);
        folderState.setMinHeight(Region.USE_PREF_SIZE);
        openFolder.setOnAction(e -> {
            Path dir = vm.writtenProperty().get().toAbsolutePath().getParent();
            folderState.setText("Opening " + dir + "…");
            background.submit("Opening the folder", p -> {
                opener.open(dir);
                return dir;
            }, new Outcome<Path>() {
                @Override public void succeeded(Path opened) { folderState.setText("Opened " + opened); }

                @Override public void failed(Throwable error) {
                    folderState.setText("Could not open the folder: " + UserMessage.of("", error).text());
                }
            });
        });
        Button close = new Button("Close");
        close.setId("export-close");
        close.setCancelButton(true);
        close.setOnAction(e -> {
            vm.cancel();
            stage.close();
        });
        close.textProperty().bind(javafx.beans.binding.Bindings.when(vm.runningProperty()).then("Cancel")
                .otherwise("Close"));
        Button export = Icons.button("Export", Material2AL.GET_APP, null);
        export.setId("export-start");
        export.getStyleClass().add(Styles.ACCENT);
        export.setDefaultButton(true);
        export.disableProperty().bind(vm.runningProperty());
        export.setOnAction(e -> vm.start());
        format.disableProperty().bind(vm.runningProperty());
        output.disableProperty().bind(vm.runningProperty());

        VBox root = new VBox(12, what, ProcessPickerDialog.labelled("Format", format),
                ProcessPickerDialog.labelled("File", new HBox(6, output, browse)), progress, state, folderState,
                new HBox(8, openFolder, new Spacer(), close, export));
        root.setPadding(new Insets(16));
        root.setPrefWidth(600);
        Windows.dialog(stage, owner, root);
        stage.setOnCloseRequest(e -> vm.cancel());
    }

    void show() { stage.show(); }

    /** The export applies the leak table's suppression rules: say so, with what they hide in this window. */
    private static String suppressionNote(RecordingViewModel r) {
        int rules = r.suppressionsProperty().get().rules().size();
        if (rules == 0) return "";
        String hidden = r.leakTable().hiddenProperty().get();
        return "; " + rules + (rules == 1 ? " suppression rule applies" : " suppression rules apply")
                + (hidden.isEmpty() ? "" : " (" + hidden + ")");
    }
}
