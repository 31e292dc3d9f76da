package io.handlespy.ui.view;

import atlantafx.base.theme.Styles;
import io.handlespy.analysis.suppress.RuleHits;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.ui.model.LeakTableViewModel;
import io.handlespy.ui.model.SuppressionsViewModel;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * In the leak table's header: which suppression rules apply (the built-in list,
 * switchable, and the user's files) and how many handles they hid in this window
 * (each rule's count and reason in the menu and tooltip), and "Hide…", which adds a
 * rule for the selected row to a suppression file and applies it.
 */
final class SuppressionBar extends HBox {
    private final SuppressionsViewModel rules;
    private final MenuButton menu = new MenuButton("Suppressions");
    private final ListChangeListener<Path> filesChanged;
    private final CheckMenuItem builtIn = new CheckMenuItem("Apply the built-in rules (handles the OS keeps by design)");

    SuppressionBar(SuppressionsViewModel rules, LeakTableViewModel table) {
        super(8);
        this.rules = rules;
        this.filesChanged = c -> fillMenu(table);
        setId("suppression-bar");
        setAlignment(Pos.CENTER_LEFT);
        menu.setId("suppression-menu");
        menu.setGraphic(Icons.glyph(Material2MZ.VISIBILITY_OFF));
        menu.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        builtIn.setId("suppression-built-in");
        builtIn.selectedProperty().bindBidirectional(rules.builtInProperty());
        menu.textProperty().bind(Bindings.createStringBinding(() -> hiddenText(table, rules),
                table.hiddenProperty(), rules.rulesProperty()));
        menu.setTooltip(new Tooltip());
        menu.getTooltip().textProperty().bind(Bindings.createStringBinding(() -> hitsText(table), table.hits()));
        Label problem = new Label();
        problem.setId("suppression-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(rules.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        Button hide = Icons.button("Hide…", Material2MZ.VISIBILITY_OFF,
                "Add a suppression rule for the selected row's create site to a rules file, and apply it");
        hide.setId("suppression-hide");
        hide.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        hide.disableProperty().bind(table.selectedProperty().isNull());
        hide.setOnAction(e -> table.rule().ifPresent(this::hideWith));
        // Weak: the app's list of files outlives this recording's leak table.
        rules.files().addListener(new WeakListChangeListener<>(filesChanged));
        table.hits().addListener((ListChangeListener<RuleHits>) c -> fillMenu(table));
        fillMenu(table);
        getChildren().setAll(menu, problem, hide);
    }

    private static String hiddenText(LeakTableViewModel table, SuppressionsViewModel rules) {
        int n = rules.rulesProperty().get().rules().size();
        if (n == 0) return "No suppression rules";
        String applied = n + (n == 1 ? " rule" : " rules");
        return table.hiddenProperty().get().isEmpty() ? applied + ", none hides a leak"
                : applied + ": " + table.hiddenProperty().get();
    }

    private static String hitsText(LeakTableViewModel table) {
        StringBuilder s = new StringBuilder();
        for (RuleHits h : table.hits()) s.append(line(h)).append('\n');
        return s.isEmpty() ? "No handle of this window is hidden" : s.toString().strip();
    }

    /** What one rule hid, as the CLI says it on stderr. */
    static String line(RuleHits h) {
        return h.handles() + (h.handles() == 1 ? " handle" : " handles") + " from " + h.stacks()
                + (h.stacks() == 1 ? " stack" : " stacks") + " hidden by '" + h.rule().name() + "' ("
                + h.rule().origin() + "): " + h.rule().reason();
    }

    private void fillMenu(LeakTableViewModel table) {
        MenuItem add = new MenuItem("Add a Suppression File…");
        add.setId("suppression-add");
        add.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Add a suppression file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Suppression rules (TOML)", "*.toml"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) rules.addFile(f.toPath());
        });
        menu.getItems().setAll(builtIn, add);
        for (Path f : rules.files()) {
            MenuItem remove = new MenuItem("Stop applying " + f);
            remove.setMnemonicParsing(false);
            remove.setOnAction(e -> rules.removeFile(f));
            menu.getItems().add(remove);
        }
        if (!table.hits().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
            for (RuleHits h : table.hits()) {
                MenuItem hit = new MenuItem(line(h));
                hit.setMnemonicParsing(false);
                hit.setDisable(true);
                menu.getItems().add(hit);
            }
        }
    }

    private void hideWith(SuppressionRule rule) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add the rule to a suppression file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Suppression rules (TOML)", "*.toml"));
        if (!rules.files().isEmpty()) {
            Path first = rules.files().get(0);
            if (first.getParent() != null) fc.setInitialDirectory(first.getParent().toFile());
            fc.setInitialFileName(first.getFileName().toString());
        } else {
            fc.setInitialFileName("suppressions.toml");
        }
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) rules.appendRule(rule, f.toPath());
    }
}
