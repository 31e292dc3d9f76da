package io.handlespy.ui.model;

import io.handlespy.analysis.suppress.SuppressionException;
import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The suppression rules the desktop app applies to its leak table, iterations and
 * exports, as {@code --suppressions FILE} and the built-in list do on the command
 * line: the user's suppression files and whether the built-in rules apply (both kept
 * in the user's preferences). Files are read in the background; a file that cannot be
 * read or is unclear is named in {@link #problemProperty()} and left out, the others apply.
 */
public final class SuppressionsViewModel {
    private final Preferences node;
    private final Background background;
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObservableList<Path> readOnlyFiles = FXCollections.unmodifiableObservableList(files);
    private final BooleanProperty builtIn = new SimpleBooleanProperty(this, "builtIn", true);
    private final ReadOnlyObjectWrapper<SuppressionSet> rules =
            new ReadOnlyObjectWrapper<>(this, "rules", new SuppressionSet(List.of()));
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private boolean loading;
    private boolean loadPending;

    public SuppressionsViewModel(Preferences node, Background background) {
        this.node = node;
        this.background = background;
        builtIn.set(node.getBoolean("built-in", true));
        for (String f : node.get("files", "").split("\n")) if (!f.isBlank()) files.add(Path.of(f.strip()));
        builtIn.addListener((o, was, now) -> {
            node.putBoolean("built-in", now);
            reload();
        });
        reload();
    }

    /** Applies the rules of {@code file} too, from now on. */
    public void addFile(Path file) {
        Path p = file.toAbsolutePath();
        if (files.contains(p)) {
            reload();
            return;
        }
        files.add(p);
        saveFiles();
        reload();
    }

    public void removeFile(Path file) {
        if (files.remove(file)) {
            saveFiles();
            reload();
        }
    }

    /**
     * Adds {@code rule} at the end of {@code file} (created if missing) and applies that file:
     * the leak table's "hide with a rule" action. The file is written in the background;
     * a failure is reported in {@link #problemProperty()}.
     */
    public void appendRule(SuppressionRule rule, Path file) {
        String text = SuppressionFile.format(rule);
        background.submit("Adding a suppression rule", p -> {
            String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            String separator = before.isEmpty() ? "" : before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
            Files.writeString(file, separator + text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return file;
        }, new Outcome<Path>() {
            @Override public void succeeded(Path written) { addFile(written); }

            @Override public void failed(Throwable error) {
                problem.set("Cannot add the rule to " + file + ": " + UserMessage.of("", error).text());
            }
        });
    }

    private void saveFiles() {
        node.put("files", String.join("\n", files.stream().map(Path::toString).toList()));
    }

    /**
     * Re-reads the files (latest-only: changes during a read collapse into one more read).
     * Without files the rules are known at once (the built-in list is part of the application),
     * so the first leak query already applies them.
     */
    public void reload() {
        if (files.isEmpty() && !loading) {
            Loaded l = load(List.of(), builtIn.get());
            rules.set(l.rules());
            problem.set(l.problem());
            return;
        }
        if (loading) {
            loadPending = true;
            return;
        }
        loading = true;
        List<Path> from = List.copyOf(files);
        boolean defaults = builtIn.get();
        background.submit("Reading suppression rules", p -> load(from, defaults), new Outcome<Loaded>() {
            @Override public void succeeded(Loaded l) {
                rules.set(l.rules());
                problem.set(l.problem());
                loaded();
            }

            @Override public void failed(Throwable error) {
                problem.set(UserMessage.of("Cannot read the suppression rules", error).text());
                loaded();
            }

            @Override public void cancelled() { loaded(); }
        });
    }

    private void loaded() {
        loading = false;
        if (loadPending) {
            loadPending = false;
            reload();
        }
    }

    /** The rules of {@code files} in order, then the built-in ones; unreadable files are left out and named. */
    static Loaded load(List<Path> files, boolean defaults) {
        List<SuppressionRule> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                all.addAll(SuppressionFile.read(f));
            } catch (SuppressionException e) {
                problems.add(e.getMessage());
            }
        }
        if (defaults) all.addAll(SuppressionFile.defaults());
        return new Loaded(new SuppressionSet(all), String.join("; ", problems));
    }

    /** Rules read, and what could not be read (empty when all went well). */
    record Loaded(SuppressionSet rules, String problem) {}

    public ObservableList<Path> files() { return readOnlyFiles; }

    /** Whether the built-in rules (handles the OS or a runtime keeps by design) apply. */
    public BooleanProperty builtInProperty() { return builtIn; }

    /** The rules in force: the files' in order, then the built-in ones when switched on. */
    public ReadOnlyObjectProperty<SuppressionSet> rulesProperty() { return rules.getReadOnlyProperty(); }

    /** What went wrong reading the files; empty when nothing did. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
}
