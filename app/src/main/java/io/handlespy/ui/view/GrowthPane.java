package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.analysis.StackFrame;
import io.handlespy.ui.model.GrowthRow;
import io.handlespy.ui.model.RecordingViewModel;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.collections.transformation.SortedList;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Stacks ranked by steady growth of their live count over the whole recording. */
final class GrowthPane extends SplitPane {
    GrowthPane(RecordingViewModel vm) {
        TableView<GrowthRow> table = new TableView<>();
        table.setId("growth-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        TableColumn<GrowthRow, Double> slope = LeakPane.column("Growth", r -> r.entry().slopePerSecond());
        slope.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(java.util.Locale.ROOT, "%+.2f/s", v));
            }
        });
        slope.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<GrowthRow, String> fit = LeakPane.column("Fit (R²)", GrowthRow::fit);
        TableColumn<GrowthRow, Long> live = LeakPane.column("Live at end", r -> r.entry().liveAtEnd());
        TableColumn<GrowthRow, String> where = LeakPane.column("Where", GrowthRow::where);
        where.setPrefWidth(420);
        TableColumn<GrowthRow, String> kind = LeakPane.column("Category", r -> r.entry().category().label());
        kind.setPrefWidth(80);
        table.getColumns().setAll(List.of(slope, fit, live, kind, where));
        SortedList<GrowthRow> sorted = new SortedList<>(vm.visibleGrowth());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.setId("growth-placeholder");
        empty.textProperty().bind(javafx.beans.binding.Bindings.when(vm.liveProperty())
                .then("No stack grows steadily so far; this ranking follows the recording")
                .otherwise("No stack grows steadily in this recording"));
        table.setPlaceholder(empty);

        ListView<StackFrame> stack = new ListView<>();
        stack.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "stack-list");
        stack.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override protected void updateItem(StackFrame f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f.display());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                stack.getItems().setAll(now == null ? List.of() : now.entry().stack()));
        HBox header = new HBox(12, LeakPane.categoryChoice(vm.growthCategoryProperty(), "growth-category"));
        header.getStyleClass().add("pane-header");
        VBox left = new VBox(header, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        getItems().setAll(left, stack);
        setOrientation(Orientation.HORIZONTAL);
        setDividerPositions(0.58);
    }
}
