package io.handlespy.ui.view;

import io.handlespy.ui.model.UserMessage;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/** Shows a {@link UserMessage} as a modal error dialog. */
final class Messages {
    private Messages() {}

    static void show(Window owner, UserMessage m) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(owner);
        // Not modal: a modal child makes some window managers drop the owner's maximized state.
        a.initModality(javafx.stage.Modality.NONE);
        a.setTitle("HandleSpy");
        a.setHeaderText(m.title());
        a.setContentText(m.text());
        a.getDialogPane().getStyleClass().add("error-dialog");
        a.getDialogPane().setMinWidth(480);
        a.show();
    }
}
