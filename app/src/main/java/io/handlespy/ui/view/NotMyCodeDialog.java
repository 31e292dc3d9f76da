package io.handlespy.ui.view;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import io.handlespy.ui.model.NotMyCode;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Edits the modules the Where column skips as "not my code", besides the C runtime and OS libraries. */
final class NotMyCodeDialog {
    private final Stage stage = new Stage();

    NotMyCodeDialog(Window owner, NotMyCode notMine) {
        stage.setTitle("Not my code");
        Label what = new Label("The Where column skips frames in these modules, as it skips the C runtime, the OS "
                + "libraries and HandleSpy's hook. Add a module by its file name (libvendor.so, framework.dll) or "
                + "from a frame's right-click menu.");
        what.setWrapText(true);
        what.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        what.getStyleClass().add(Styles.TEXT_MUTED);
        ListView<String> list = new ListView<>(notMine.modules());
        list.setId("not-my-code-list");
        list.setPrefHeight(220);
        list.setPlaceholder(new Label("No modules listed"));
        TextField name = new TextField();
        name.setId("not-my-code-name");
        name.setPromptText("libvendor.so");
        HBox.setHgrow(name, Priority.ALWAYS);
        Button add = new Button("Add");
        add.setId("not-my-code-add");
        add.disableProperty().bind(name.textProperty().isEmpty());
        add.setOnAction(e -> {
            notMine.add(name.getText());
            name.clear();
        });
        name.setOnAction(e -> add.fire());
        Button remove = new Button("Remove");
        remove.setId("not-my-code-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> notMine.remove(list.getSelectionModel().getSelectedItem()));
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setDefaultButton(true);
        close.setOnAction(e -> stage.close());
        HBox addRow = new HBox(8, name, add, remove);
        addRow.setAlignment(Pos.CENTER_LEFT);
        VBox root = new VBox(12, what, list, addRow, new HBox(new Spacer(), close));
        root.setPadding(new Insets(16));
        root.setPrefWidth(520);
        Windows.dialog(stage, owner, root);
    }

    void show() { stage.show(); }
}
