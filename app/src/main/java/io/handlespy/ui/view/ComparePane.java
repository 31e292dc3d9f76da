package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.ui.model.CompareViewModel;
import io.handlespy.ui.model.LeakComparison;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Leaks of window A against the current window or a window of another recording, by create stack. */
final class ComparePane extends VBox {
    ComparePane(CompareViewModel vm) {
        SimpleBooleanProperty noA = new SimpleBooleanProperty(true);
        Button useA = new Button("Use this window as A");
        useA.setId("compare-set-a");
        useA.setOnAction(e -> {
            vm.useCurrentAsA();
            noA.set(false);
        });
        Button withWindow = new Button("Compare with this window");
        withWindow.setId("compare-window");
        withWindow.disableProperty().bind(noA);
        withWindow.setOnAction(e -> vm.compareWithCurrent());
        Label a = new Label();
        a.setId("compare-a");
        a.textProperty().bind(vm.aTextProperty());
        Label b = new Label();
        b.setId("compare-b");
        b.textProperty().bind(vm.bTextProperty());
        for (Label l : List.of(a, b)) l.getStyleClass().add(Styles.TEXT_MUTED);
        HBox buttons = new HBox(8, useA, withWindow, a, b);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("pane-header");
        HBox other = otherRecording(vm, noA);

        TableView<LeakComparison.Row> table = new TableView<>(vm.rows());
        table.setId("compare-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        TableColumn<LeakComparison.Row, String> change = LeakPane.column("Change",
                r -> r.change().name().toLowerCase(Locale.ROOT));
        TableColumn<LeakComparison.Row, Integer> inA = LeakPane.column("A", LeakComparison.Row::countA);
        TableColumn<LeakComparison.Row, Integer> inB = LeakPane.column("B", LeakComparison.Row::countB);
        TableColumn<LeakComparison.Row, String> delta = LeakPane.column("Δ",
                r -> String.format(Locale.ROOT, "%+d", r.delta()));
        TableColumn<LeakComparison.Row, String> where = LeakPane.column("Where", LeakComparison.Row::where);
        where.setPrefWidth(480);
        table.getColumns().setAll(List.of(change, inA, inB, delta, where));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Select a window and use it as A; then select another, "
                + "or a window of another recording"));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().setAll(buttons, other, table);
    }

    /** Another recording (typed, pasted or browsed) and the window of it to compare A with. */
    private HBox otherRecording(CompareViewModel vm, SimpleBooleanProperty noA) {
        Label title = new Label("Other recording");
        TextField path = new TextField();
        path.setId("compare-other-file");
        path.setPromptText("path of a .mv.db recording, e.g. before a fix");
        path.setPrefColumnCount(28);
        path.setOnAction(e -> {
            if (!path.getText().isBlank()) vm.chooseRecording(Path.of(path.getText().strip()));
        });
        Button browse = new Button("Browse…");
        browse.setId("compare-other-browse");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Compare with a recording");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HandleSpy recordings", "*.mv.db"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                path.setText(f.getPath());
                vm.chooseRecording(f.toPath());
            }
        });
        TextField from = new TextField();
        from.setId("compare-other-from");
        from.textProperty().bindBidirectional(vm.otherFromProperty());
        TextField to = new TextField();
        to.setId("compare-other-to");
        to.textProperty().bindBidirectional(vm.otherToProperty());
        Button compare = new Button("Compare with its window");
        compare.setId("compare-other");
        compare.disableProperty().bind(noA.or(vm.otherChosenProperty().not()));
        Runnable go = () -> {
            boolean ok = vm.compareWithOther();
            from.pseudoClassStateChanged(Styles.STATE_DANGER, !ok);
            to.pseudoClassStateChanged(Styles.STATE_DANGER, !ok);
        };
        compare.setOnAction(e -> go.run());
        for (TextField f : List.of(from, to)) {
            f.setPrefColumnCount(6);
            f.disableProperty().bind(vm.otherChosenProperty().not());
            f.setOnAction(e -> {
                if (!compare.isDisabled()) go.run();
            });
        }
        Label state = new Label();
        state.setId("compare-other-state");
        state.getStyleClass().add(Styles.TEXT_MUTED);
        state.textProperty().bind(vm.otherStateProperty());
        HBox row = new HBox(8, title, path, browse, new Label("window"), from, new Label("to"), to, new Label("s"),
                compare, state);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("pane-header");
        return row;
    }
}
