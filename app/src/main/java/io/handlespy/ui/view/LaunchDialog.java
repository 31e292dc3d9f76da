package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import io.handlespy.ui.model.CommandLine;
import io.handlespy.ui.source.LaunchSpec;
import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.material2.Material2AL;

/** "Launch…": program, arguments and working directory of a program to start under HandleSpy. */
final class LaunchDialog extends Dialog<LaunchSpec> {
    LaunchDialog(Window owner, boolean wineAvailable, boolean wineSelected) {
        initOwner(owner);
        // Not modal: a modal child makes some window managers drop the owner's maximized state.
        initModality(javafx.stage.Modality.NONE);
        setTitle("Launch a program");
        setHeaderText("Start a program and record it from its first handle");
        TextField program = new TextField();
        program.setPromptText("/path/to/program or C:\\path\\program.exe");
        Button browse = Icons.button(null, Material2AL.FOLDER_OPEN, "Choose the program");
        browse.getStyleClass().add(Styles.BUTTON_ICON);
        browse.setOnAction(e -> {
            File f = new FileChooser().showOpenDialog(getDialogPane().getScene().getWindow());
            if (f != null) program.setText(f.getAbsolutePath());
        });
        TextField args = new TextField();
        args.setPromptText("arguments, quoted like a shell: --config \"my file.ini\"");
        TextField dir = new TextField(System.getProperty("user.dir"));
        Button browseDir = Icons.button(null, Material2AL.FOLDER_OPEN, "Choose the working directory");
        browseDir.getStyleClass().add(Styles.BUTTON_ICON);
        browseDir.setOnAction(e -> {
            File f = new DirectoryChooser().showDialog(getDialogPane().getScene().getWindow());
            if (f != null) dir.setText(f.getAbsolutePath());
        });
        CheckBox wine = new CheckBox("Windows program, run under Wine");
        wine.setSelected(wineSelected);
        wine.setVisible(wineAvailable);
        wine.setManaged(wineAvailable);
        HBox.setHgrow(program, Priority.ALWAYS);
        HBox.setHgrow(dir, Priority.ALWAYS);
        VBox form = new VBox(12,
                ProcessPickerDialog.labelled("Program", new HBox(6, program, browse)),
                ProcessPickerDialog.labelled("Arguments", args),
                ProcessPickerDialog.labelled("Working directory", new HBox(6, dir, browseDir)), wine);
        form.setPadding(new Insets(8, 0, 0, 0));
        form.setPrefWidth(560);
        getDialogPane().setContent(form);
        ButtonType launch = new ButtonType("Launch", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, launch);
        getDialogPane().lookupButton(launch).disableProperty().bind(program.textProperty().isEmpty());
        setResultConverter(b -> b != launch ? null : new LaunchSpec(program.getText().trim(),
                CommandLine.split(args.getText()), dir.getText().isBlank() ? null : Path.of(dir.getText().trim()),
                wine.isSelected()));
    }
}
