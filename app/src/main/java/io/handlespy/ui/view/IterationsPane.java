package io.handlespy.ui.view;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.analysis.StackFrame;
import io.handlespy.ui.model.IterationsViewModel;
import io.handlespy.ui.model.IterationsViewModel.Row;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Stacks leaking in k of n marked iterations, with their count in each, and the selected one's stack. */
final class IterationsPane extends VBox {
    IterationsPane(IterationsViewModel vm) {
        Label summary = new Label();
        summary.setId("iterations-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Label atLeast = new Label("At least");
        Spinner<Integer> min = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 10_000, 0));
        min.setId("iterations-min");
        min.setPrefWidth(90);
        min.setEditable(true);
        min.setTooltip(new Tooltip("Show stacks leaking in at least this many iterations (0: half of them)"));
        min.valueProperty().addListener((o, was, now) -> vm.minIterationsProperty().set(now == null ? 0 : now));
        Label of = new Label();
        of.textProperty().bind(vm.iterationsProperty().asString("of %d iterations (0: half)"));
        HBox header = new HBox(8, summary, new Spacer(), atLeast, min, of);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("pane-header");

        TableView<Row> table = new TableView<>(vm.rows());
        table.setId("iterations-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        TableColumn<Row, String> iterations = LeakPane.column("Iterations", Row::iterations);
        TableColumn<Row, Integer> total = LeakPane.column("Total", Row::total);
        TableColumn<Row, String> per = LeakPane.column("Per iteration", Row::perIteration);
        per.setPrefWidth(160);
        TableColumn<Row, String> types = LeakPane.column("Types", Row::types);
        TableColumn<Row, String> where = LeakPane.column("Created at", Row::where);
        where.setPrefWidth(380);
        for (TableColumn<Row, ?> c : List.of(iterations, total, per, types, where)) c.setSortable(false);
        table.getColumns().setAll(List.of(iterations, total, per, types, where));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.textProperty().bind(vm.summaryProperty());
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));

        ObservableList<StackFrame> frames = FXCollections.observableArrayList();
        vm.selectedProperty().addListener((o, was, now) -> frames.setAll(now == null ? List.of() : now.stack()));
        ListView<StackFrame> stack = new ListView<>(frames);
        stack.setId("iterations-stack");
        stack.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "stack-list");
        stack.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override protected void updateItem(StackFrame f, boolean isEmpty) {
                super.updateItem(f, isEmpty);
                setText(isEmpty || f == null ? null : f.display());
            }
        });
        stack.setPlaceholder(new Label("Select a row to see its create stack"));
        SplitPane split = new SplitPane(table, stack);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().setAll(header, split);
    }
}
