package io.handlespy.ui.view;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.protocol.HandleCategory;
import io.handlespy.ui.model.Formats;
import io.handlespy.ui.model.LeakRow;
import io.handlespy.ui.model.LeakTableViewModel;
import io.handlespy.ui.model.NotMyCode;
import io.handlespy.ui.model.SourceViewModel;
import io.handlespy.ui.source.Opener;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import io.handlespy.analysis.UserFrames;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
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
    private final HBox header = new HBox(12);

    LeakPane(LeakTableViewModel vm, NotMyCode notMine, SourceViewModel source, Opener opener) {
        getStyleClass().add("leak-pane");
        filter.setPromptText("Filter by type, module, function or name; category:gdi, category:user, category:kernel; pid:N");
        filter.setLeft(Icons.glyph(Material2MZ.SEARCH));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setId("leak-filter");
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMinWidth(180);
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setId("leak-summary");
        // the same filter as the word category:NAME
        ComboBox<String> category = categoryChoice(vm.categoryProperty(), "leak-category");
        header.getChildren().setAll(filter, category);
        // its own line: beside the filter, the category and the rules it was cut to a few words
        summary.getStyleClass().add("pane-summary");
        summary.setMaxWidth(Double.MAX_VALUE);
        header.getStyleClass().add("pane-header");
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        table.setId("leak-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        TableColumn<LeakRow, Integer> count = column("Leaked", r -> r.count());
        count.getStyleClass().add("numeric");
        count.setPrefWidth(84);
        count.setMinWidth(78);
        count.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<LeakRow, String> types = column("Types", LeakRow::types);
        types.setPrefWidth(140);
        TableColumn<LeakRow, String> kind = column("Category", r -> r.group().category().label());
        kind.setPrefWidth(92);
        kind.setMinWidth(88);
        TableColumn<LeakRow, String> where = column("Where (innermost frame in your code)", LeakRow::where);
        where.setPrefWidth(380);
        TableColumn<LeakRow, Long> first = column("First", LeakRow::firstCreatedNanos);
        first.setCellFactory(c -> secondsCell());
        first.setPrefWidth(90);
        TableColumn<LeakRow, Long> last = column("Last", LeakRow::lastCreatedNanos);
        last.setCellFactory(c -> secondsCell());
        last.setPrefWidth(90);
        TableColumn<LeakRow, Long> process = column("Process", LeakRow::pid);
        process.setId("leak-process");
        process.getStyleClass().add("numeric");
        process.setPrefWidth(80);
        process.visibleProperty().bind(vm.processesProperty());
        table.getColumns().setAll(java.util.List.of(count, types, kind, process, where, first, last));
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
        VBox left = new VBox(header, summary, table);
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
                    setContextMenu(null);
                } else {
                    setText(f.display());
                    if (notMine.skips(f)) getStyleClass().add("system-frame");
                    setContextMenu(frameMenu(vm, f, notMine, opener));
                }
            }
        });
        stack.setPlaceholder(new Label("Select a row to see its create stack"));
        stack.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) source.show(now);
        });
        vm.selectedProperty().addListener((o, was, now) -> source.show(now == null ? null
                : notMine.innermostMine(now.group().stack())));
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<LeakRow> row = new javafx.scene.control.TableRow<>();
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(copyMenu(vm)));
            return row;
        });
        Button copy = Icons.button("Copy", Material2AL.CONTENT_COPY, "Copy the stack and handles to the clipboard");
        copy.setId("copy-stack");
        copy.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        copy.disableProperty().bind(vm.selectedProperty().isNull());
        copy.setOnAction(e -> copy(vm.copyText()));
        Button rule = Icons.button("Rule", Material2MZ.VISIBILITY_OFF,
            "Copy a suppression rule for this create site (for handlespy leaks --suppressions FILE)");
        rule.setId("copy-rule");
        rule.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        rule.disableProperty().bind(vm.selectedProperty().isNull());
        rule.setOnAction(e -> copy(vm.ruleText()));
        Label stackTitle = new Label("Create stack");
        stackTitle.getStyleClass().add(Styles.TEXT_BOLD);
        HBox stackHeader = new HBox(8, stackTitle, new atlantafx.base.controls.Spacer(), rule, copy);
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
        TableColumn<LeakedHandle, Long> thread = column("Thread", LeakedHandle::tid);
        TableColumn<LeakedHandle, String> token = column("Token", h -> Formats.token(h.token()));
        handles.getColumns().setAll(java.util.List.of(value, type, name, at, thread, token));
        handles.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        handles.setPlaceholder(new Label(""));
        handles.setContextMenu(copyMenu(vm));
        Label handlesTitle = new Label("Handles");
        handlesTitle.getStyleClass().add(Styles.TEXT_BOLD);
        HBox handlesHeader = new HBox(handlesTitle);
        handlesHeader.getStyleClass().add("pane-header");

        SplitPane details = new SplitPane(new VBox(stackHeader, grow(stack)), new VBox(handlesHeader, grow(handles)),
                sourcePane(source, opener));
        details.setOrientation(Orientation.VERTICAL);
        details.setDividerPositions(0.38, 0.74);
        getItems().setAll(left, details);
        setDividerPositions(0.58);
        setPadding(Insets.EMPTY);
    }

    /** Adds {@code controls} at the end of the header, after the filter and the category. */
    void addToHeader(javafx.scene.Node controls) {
        header.getChildren().add(controls);
    }

    /** The lines around the selected frame's file:line, with "open in editor". */
    private static VBox sourcePane(SourceViewModel source, Opener opener) {
        Label title = new Label("Source");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label note = new Label();
        note.setId("source-note");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.textProperty().bind(source.noteProperty());
        Button edit = Icons.button("Open in editor", Material2AL.EDIT, "Open the file with the desktop's editor");
        edit.setId("source-open");
        edit.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        edit.disableProperty().bind(source.fileProperty().isNull());
        edit.setOnAction(e -> openQuietly(opener, source.fileProperty().get(), note));
        HBox header = new HBox(8, title, note, new atlantafx.base.controls.Spacer(), edit);
        header.getStyleClass().add("pane-header");
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ListView<String> lines = new ListView<>(source.lines());
        lines.setId("source-lines");
        lines.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "stack-list", "source-lines");
        lines.setPlaceholder(new Label(""));
        source.highlightedProperty().addListener((o, was, now) -> {
            if (now >= 0) {
                lines.getSelectionModel().select(now.intValue());
                lines.scrollTo(Math.max(0, now - 3));
            }
        });
        return new VBox(header, grow(lines));
    }

    /** Runs the opener off the UI thread; a failure is said where the note is. */
    private static void openQuietly(Opener opener, java.nio.file.Path file, Label note) {
        Thread.ofVirtual().name("handlespy-open-editor").start(() -> {
            try {
                opener.open(file);
            } catch (Exception e) {
                String why = io.handlespy.ui.model.UserMessage.of("", e).text();
                javafx.application.Platform.runLater(() -> {
                    note.textProperty().unbind();
                    note.setText("Could not open the editor: " + why);
                });
            }
        });
    }

    private static ContextMenu copyMenu(LeakTableViewModel vm) {
        MenuItem stackText = new MenuItem("Copy stack and handles as text");
        stackText.setOnAction(e -> copy(vm.copyText()));
        MenuItem values = new MenuItem("Copy handle values");
        values.setOnAction(e -> copy(vm.handleValuesText()));
        return new ContextMenu(stackText, values);
    }

    private static ContextMenu frameMenu(LeakTableViewModel vm, StackFrame f, NotMyCode notMine, Opener opener) {
        ContextMenu menu = copyMenu(vm);
        MenuItem frame = new MenuItem("Copy this frame");
        frame.setOnAction(e -> copy(f.display()));
        menu.getItems().add(0, frame);
        if (f.module() != null && !UserFrames.isSystem(f)) {
            String name = NotMyCode.nameOf(f.module());
            MenuItem toggle = notMine.covers(f) ? new MenuItem(name + " is my code") : new MenuItem(name + " is not my code");
            toggle.setMnemonicParsing(false);
            toggle.setOnAction(e -> {
                if (notMine.covers(f)) notMine.remove(name); else notMine.add(name);
            });
            menu.getItems().addAll(new SeparatorMenuItem(), toggle);
        }
        return menu;
    }

    private static void copy(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    private static <T extends javafx.scene.layout.Region> T grow(T node) {
        VBox.setVgrow(node, Priority.ALWAYS);
        return node;
    }

    /** A category dropdown setting {@code category}: all (null), or one of kernel, GDI, USER. */
    static ComboBox<String> categoryChoice(ObjectProperty<HandleCategory> category, String id) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.getItems().add(ALL_CATEGORIES);
        for (HandleCategory c : HandleCategory.values()) box.getItems().add(c.label());
        box.setValue(category.get() == null ? ALL_CATEGORIES : category.get().label());
        box.valueProperty().addListener((o, was, now) -> category.set(java.util.Arrays.stream(HandleCategory.values())
                .filter(c -> c.label().equals(now)).findFirst().orElse(null)));
        box.setTooltip(new Tooltip("Show the stacks of one category: kernel handles, GDI objects or USER objects"));
        return box;
    }

    static final String ALL_CATEGORIES = "All categories";

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
