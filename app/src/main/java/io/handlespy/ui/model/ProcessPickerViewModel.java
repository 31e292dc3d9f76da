package io.handlespy.ui.model;

import io.handlespy.ui.source.ProcessEntry;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.source.WinePrefixes;
import io.handlespy.ui.task.Background;
import io.handlespy.ui.task.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The process picker: the process list, a search over it, the native/Wine switch and the selection. */
public final class ProcessPickerViewModel {
    private final ProcessSource source;
    private final Background background;
    private final ObservableList<ProcessEntry> all = FXCollections.observableArrayList();
    private final FilteredList<ProcessEntry> visible = new FilteredList<>(all, p -> true);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty wine = new SimpleBooleanProperty(this, "wine");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObjectProperty<ProcessEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty attachError = new SimpleStringProperty(this, "attachError", "");
    private final BooleanProperty attaching = new SimpleBooleanProperty(this, "attaching");
    private final ObjectProperty<Path> winePrefix = new SimpleObjectProperty<>(this, "winePrefix", WinePrefixes.defaultPrefix());
    private final ObservableList<Path> knownPrefixes = FXCollections.observableArrayList(winePrefix.get());

    public ProcessPickerViewModel(ProcessSource source, Background background) {
        this.source = source;
        this.background = background;
        search.addListener((o, was, now) -> visible.setPredicate(p -> matches(p, now)));
        wine.addListener((o, was, now) -> refresh());
        winePrefix.addListener((o, was, now) -> {
            if (now != null && !knownPrefixes.contains(now)) knownPrefixes.add(now);
            if (wine.get()) refresh();
        });
    }

    /** Looks for the user's Wine prefixes in the background and offers them besides the chosen one. */
    public void findPrefixes() {
        Path home = Path.of(System.getProperty("user.home"));
        Path first = knownPrefixes.get(0);
        background.submit("Finding Wine prefixes", p -> WinePrefixes.known(home, first), new Outcome<List<Path>>() {
            @Override public void succeeded(List<Path> found) {
                for (Path f : found) if (!knownPrefixes.contains(f)) knownPrefixes.add(f);
            }
        });
    }

    /** Every word of the search must occur in the PID, name, user or command line. */
    static boolean matches(ProcessEntry p, String search) {
        if (search == null || search.isBlank()) return true;
        String hay = (p.pid() + " " + p.name() + " " + p.user() + " " + p.commandLine()).toLowerCase(Locale.ROOT);
        for (String w : search.toLowerCase(Locale.ROOT).trim().split("\\s+")) if (!hay.contains(w)) return false;
        return true;
    }

    /**
     * What Enter attaches to: the selected process if it can be traced; else a PID typed into the
     * search box (listed or not: a process may have started since); else the one traceable match.
     */
    public Optional<ProcessEntry> target() {
        ProcessEntry sel = selected.get();
        if (sel != null) return sel.traceable() ? Optional.of(sel) : Optional.empty();
        String typed = search.get() == null ? "" : search.get().strip();
        if (typed.matches("\\d{1,10}")) {
            long pid = Long.parseLong(typed);
            ProcessEntry listed = all.stream().filter(p -> p.pid() == pid).findFirst()
                    .orElse(new ProcessEntry(pid, "PID " + pid, wine.get() ? "?" : "x64", "", -1, "", wine.get(), null,
                            wine.get() ? winePrefix.get() : null));
            return listed.traceable() ? Optional.of(listed) : Optional.empty();
        }
        List<ProcessEntry> traceable = visible.stream().filter(ProcessEntry::traceable).toList();
        return traceable.size() == 1 ? Optional.of(traceable.get(0)) : Optional.empty();
    }

    /** Why the selected process cannot be recorded; empty when it can or nothing is selected. */
    public String selectedProblem() {
        ProcessEntry sel = selected.get();
        return sel == null || sel.traceable() ? "" : sel.untraceable();
    }

    public void refresh() {
        loading.set(true);
        boolean w = wine.get();
        Path prefix = winePrefix.get();
        background.submit("Listing processes", p -> source.list(w, w ? prefix : null), new Outcome<List<ProcessEntry>>() {
            @Override public void succeeded(List<ProcessEntry> list) {
                if (w != wine.get() || (w && !java.util.Objects.equals(prefix, winePrefix.get()))) return;
                loading.set(false);
                error.set("");
                long keep = selected.get() == null ? -1 : selected.get().pid();
                all.setAll(list);
                selected.set(list.stream().filter(p -> p.pid() == keep).findFirst().orElse(null));
            }

            @Override public void failed(Throwable e) {
                loading.set(false);
                all.clear();
                error.set(UserMessage.of("", e).text());
            }
        });
    }

    public boolean wineAvailable() { return source.wineAvailable(); }

    public ObservableList<ProcessEntry> rows() { return visible; }

    public StringProperty searchProperty() { return search; }

    public BooleanProperty wineProperty() { return wine; }

    /** The Wine prefix whose Windows processes are listed and recorded (Wine's default at first). */
    public ObjectProperty<Path> winePrefixProperty() { return winePrefix; }

    /** The prefixes offered: Wine's default, those found under the user's home, and any chosen. */
    public ObservableList<Path> knownPrefixes() { return knownPrefixes; }

    public BooleanProperty loadingProperty() { return loading; }

    public StringProperty errorProperty() { return error; }

    public ObjectProperty<ProcessEntry> selectedProperty() { return selected; }

    /** Why the last attach or launch failed, shown in the picker, which stays open; empty otherwise. */
    public StringProperty attachErrorProperty() { return attachError; }

    /** True while an attach or launch started from the picker is under way. */
    public BooleanProperty attachingProperty() { return attaching; }
}
