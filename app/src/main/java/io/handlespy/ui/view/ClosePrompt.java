package io.handlespy.ui.view;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Modality;
import javafx.stage.Window;

/** Asks before quitting while a recording runs, says where the file is, and how to leave the target. */
final class ClosePrompt {
    /** What the user chose: detach (the target runs on) or end the launched target. */
    enum Choice { DETACH, END_TARGET }

    static final ButtonType DETACH = new ButtonType("Stop recording and quit", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType END = new ButtonType("End the program and quit", ButtonBar.ButtonData.OTHER);

    private ClosePrompt() {}

    /** Shows the question without blocking; {@code chosen} runs only if the user chose to quit. */
    static void ask(Window owner, Path file, boolean launched, Consumer<Choice> chosen) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        a.initOwner(owner);
        a.initModality(Modality.NONE);
        a.setTitle("Quit HandleSpy");
        a.setHeaderText("A recording is running");
        a.setContentText("It is saved in\n" + file.toAbsolutePath() + "\n\nQuitting stops the recording; everything "
                + "recorded so far stays in that file."
                + (launched ? "\nThe program HandleSpy started can keep running (without recording) or be ended." : ""));
        a.getDialogPane().getStyleClass().add("close-prompt");
        a.getDialogPane().setMinWidth(520);
        if (launched) a.getButtonTypes().setAll(ButtonType.CANCEL, END, DETACH);
        else a.getButtonTypes().setAll(ButtonType.CANCEL, DETACH);
        a.resultProperty().addListener((o, was, now) -> {
            if (now == DETACH) chosen.accept(Choice.DETACH);
            else if (now == END) chosen.accept(Choice.END_TARGET);
        });
        a.show();
    }
}
