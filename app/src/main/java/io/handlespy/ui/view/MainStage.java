package io.handlespy.ui.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.NotMyCode;
import io.handlespy.ui.model.RecordingFolder;
import io.handlespy.ui.model.SuppressionsViewModel;
import io.handlespy.ui.model.WindowMemory;
import io.handlespy.ui.source.Opener;
import io.handlespy.ui.source.ProcessSource;
import io.handlespy.ui.source.ReportExporter;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Puts the main window into a stage: theme (remembered in {@code prefs}),
 * stylesheet, icons, title, size. Shared by the app, its UI tests and the
 * screenshot tool, so all three show the same thing.
 */
public final class MainStage {
    private MainStage() {}

    public static MainWindow build(Stage stage, MainViewModel vm, ProcessSource processes, ReportExporter exporter,
                                   Preferences prefs, Opener opener) {
        BooleanProperty dark = new SimpleBooleanProperty(prefs.getBoolean("dark", false));
        applyTheme(dark.get());
        dark.addListener((o, was, now) -> {
            applyTheme(now);
            prefs.putBoolean("dark", now);
        });
        MainWindow window = new MainWindow(vm, processes, exporter, opener, dark,
                RecordingFolder.forUser(prefs.node("recordings")), new NotMyCode(prefs.node("not-my-code")),
                new SuppressionsViewModel(prefs.node("suppressions"), vm.background()));
        Scene scene = new Scene(window);
        scene.getStylesheets().add(MainStage.class.getResource("/io/handlespy/ui/handlespy.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("HandleSpy");
        stage.getIcons().setAll(Icons.app());
        Windows.main(stage, new WindowMemory(prefs.node("window")), 900, 600);
        vm.recordingProperty().addListener((o, was, now) -> stage.setTitle(
                now == null ? "HandleSpy" : now.queries().file().getFileName() + " — HandleSpy"));
        stage.setOnCloseRequest(e -> {
            if (!window.mayClose()) e.consume();
        });
        stage.setOnHidden(e -> vm.shutdown());
        return window;
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                                                : new PrimerLight().getUserAgentStylesheet());
    }
}
