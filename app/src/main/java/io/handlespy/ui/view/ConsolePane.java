package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import io.handlespy.ui.model.ConsoleViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** What a launched program printed, following it as it runs, then how it ended. */
final class ConsolePane extends VBox {
    ConsolePane(ConsoleViewModel vm) {
        Label state = new Label();
        state.setId("console-state");
        state.getStyleClass().add(Styles.TEXT_BOLD);
        state.textProperty().bind(vm.stateProperty());
        Label where = new Label("stdout and stderr, kept in " + vm.file());
        where.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox header = new HBox(12, state, where);
        header.getStyleClass().add("pane-header");
        header.setAlignment(Pos.CENTER_LEFT);
        TextArea text = new TextArea();
        text.setId("console-text");
        text.setEditable(false);
        text.getStyleClass().add("console-text");
        text.textProperty().bind(vm.textProperty());
        text.textProperty().addListener((o, was, now) -> text.setScrollTop(Double.MAX_VALUE));
        VBox.setVgrow(text, Priority.ALWAYS);
        getChildren().setAll(header, text);
    }
}
