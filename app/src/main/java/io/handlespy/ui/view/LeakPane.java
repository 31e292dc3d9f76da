package io.handlespy.ui.view;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.ui.model.Formats;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.LeakTableViewModel;
import io.handlespy.analysis.UserFrames;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The leak table with its filter, and the selected stack's frames and handles. */
final class LeakPane extends SplitPane {
    final TableView<LeakRow> table = new TableView<>();
    final CustomTextField filter = new CustomTextField();

    LeakPane(LeakTableViewModel vm) {
        getStyleClass().add("leak-pane");
        filter.setPromptText("Filter by type, module, function or name");
        filter.setLeft(Icons.glyph(Material2MZ.SEARCH));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setId("leak-filter");
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setId("leak-summary");
        HBox header = new HBox(12, filter, summary);
        header.getStyleClass().add("pane-header");
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        table.setId("leak-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        TableColumn<LeakRow, Integer> count = column("Leaked", r -> r.count());
        count.getStyleClass().add("numeric");
        count.setPrefWidth(80);
        count.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<LeakRow, String> types = column("Types", LeakRow::types);
        types.setPrefWidth(140);
        TableColumn<LeakRow, String> where = column("Where (innermost frame in your code)", LeakRow::where);
        where.setPrefWidth(380);
        TableColumn<LeakRow, Long> first = column("First", LeakRow::firstCreatedNanos);
        first.setCellFactory(c -> secondsCell());
        first.setPrefWidth(90);
        TableColumn<LeakRow, Long> last = column("Last", LeakRow::lastCreatedNanos);
        last.setCellFactory(c -> secondsCell());
        last.setPrefWidth(90);
        table.getColumns().setAll(java.util.List.of(count, types, where, first, last));
        SortedList<LeakRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSortOrder().add(count);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.setId("leak-placeholder");
        empty.textProperty().bind(vm.placeholderProperty());
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (table.getSelectionModel().getSelectedItem() != now) table.getSelectionModel().select(now);
        });
        VBox left = new VBox(header, table);
        VBox.setVgrow(table, Priority.ALWAYS);

        ListView<StackFrame> stack = new ListView<>(vm.selectedStack());
        stack.setId("stack-list");
        stack.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "stack-list");
        stack.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(StackFrame f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().remove("system-frame");
                if (empty || f == null) {
                    setText(null);
                } else {
                    setText(f.display());
                    if (UserFrames.isSystem(f)) getStyleClass().add("system-frame");
                }
            }
        });
        stack.setPlaceholder(new Label("Select a row to see its create stack"));
        Button copy = Icons.button("Copy", Material2AL.CONTENT_COPY, "Copy the stack and handles to the clipboard");
        copy.setId("copy-stack");
        copy.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        copy.disableProperty().bind(vm.selectedProperty().isNull());
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.copyText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        Label stackTitle = new Label("Create stack");
        stackTitle.getStyleClass().add(Styles.TEXT_BOLD);
        HBox stackHeader = new HBox(8, stackTitle, new atlantafx.base.controls.Spacer(), copy);
        stackHeader.getStyleClass().add("pane-header");
        stackHeader.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        TableView<LeakedHandle> handles = new TableView<>(vm.selectedHandles());
        handles.setId("handle-table");
        handles.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, Styles.STRIPED);
        TableColumn<LeakedHandle, String> value = column("Handle", h -> vm.handle(h.value()));
        value.getStyleClass().add("numeric");
        TableColumn<LeakedHandle, String> type = column("Type", LeakedHandle::type);
        TableColumn<LeakedHandle, String> name = column("Name", h -> h.name() == null ? "" : h.name());
        name.setPrefWidth(220);
        TableColumn<LeakedHandle, Long> at = column("Created", LeakedHandle::createdAtNanos);
        at.setCellFactory(c -> secondsCell());
        TableColumn<LeakedHandle, Long> thread = column("Thread", LeakedHandle::thread);
        handles.getColumns().setAll(java.util.List.of(value, type, name, at, thread));
        handles.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        handles.setPlaceholder(new Label(""));
        Label handlesTitle = new Label("Handles");
        handlesTitle.getStyleClass().add(Styles.TEXT_BOLD);
        HBox handlesHeader = new HBox(handlesTitle);
        handlesHeader.getStyleClass().add("pane-header");

        SplitPane details = new SplitPane(new VBox(stackHeader, grow(stack)), new VBox(handlesHeader, grow(handles)));
        details.setOrientation(Orientation.VERTICAL);
        details.setDividerPositions(0.55);
        getItems().setAll(left, details);
        setDividerPositions(0.58);
        setPadding(Insets.EMPTY);
    }

    private static <T extends javafx.scene.layout.Region> T grow(T node) {
        VBox.setVgrow(node, Priority.ALWAYS);
        return node;
    }

    static <S, T> TableColumn<S, T> column(String title, Function<S, T> value) {
        TableColumn<S, T> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    static <S> javafx.scene.control.TableCell<S, Long> secondsCell() {
        return new javafx.scene.control.TableCell<>() {
            @Override protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : Formats.seconds(v) + " s");
            }
        };
    }

}
