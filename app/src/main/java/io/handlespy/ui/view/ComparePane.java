package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.ui.model.CompareViewModel;
import io.handlespy.ui.model.LeakComparison;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Leaks of window A against the current window or another recording, by create stack. */
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
        Button withRecording = new Button("Compare with a recording…");
        withRecording.setId("compare-recording");
        withRecording.disableProperty().bind(noA);
        withRecording.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Compare with a recording");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HandleSpy recordings", "*.mv.db"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) vm.compareWithRecording(f.toPath());
        });
        Label a = new Label();
        a.setId("compare-a");
        a.textProperty().bind(vm.aTextProperty());
        Label b = new Label();
        b.setId("compare-b");
        b.textProperty().bind(vm.bTextProperty());
        for (Label l : List.of(a, b)) l.getStyleClass().add(Styles.TEXT_MUTED);
        HBox buttons = new HBox(8, useA, withWindow, withRecording, a, b);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("pane-header");

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
        table.setPlaceholder(new Label("Select a window and use it as A; then select another, or pick a recording"));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().setAll(buttons, table);
    }
}
