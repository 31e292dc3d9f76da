package io.handlespy.ui;

import io.handlespy.capture.NativeLocator;
import io.handlespy.ui.model.MainViewModel;
import io.handlespy.ui.model.RecentFiles;
import io.handlespy.ui.model.ViewStates;
import io.handlespy.ui.source.AnalysisQueries;
import io.handlespy.ui.source.CaptureProcessSource;
import io.handlespy.ui.source.ExportAdapter;
import io.handlespy.ui.source.SessionStarter;
import io.handlespy.ui.source.SystemOpener;
import io.handlespy.ui.task.FxBackground;
import io.handlespy.ui.view.MainStage;
import io.handlespy.ui.view.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app. {@code io.handlespy.Main} starts it when given no arguments. */
public final class HandleSpyApp extends Application {
    private FxBackground background;

    /** Starts the GUI and returns when its window is closed; {@code args} may name a recording to open. */
    public static void launch(String[] args) {
        Application.launch(HandleSpyApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        background = new FxBackground(2);
        NativeLocator natives = NativeLocator.fromEnvironment();
        MainViewModel vm = new MainViewModel(background, AnalysisQueries::open,
                Optional.of(new SessionStarter(natives)), RecentFiles.forUser(),
                new ViewStates(Preferences.userRoot().node("io/handlespy/views")));
        MainWindow window = MainStage.build(stage, vm, new CaptureProcessSource(natives), new ExportAdapter(),
                Preferences.userRoot().node("io/handlespy/ui"), SystemOpener.forThisDesktop());
        List<String> files = getParameters().getUnnamed();
        if (!files.isEmpty()) vm.open(Path.of(files.get(0)));
        stage.show();
        window.chart().requestFocus();
    }

    @Override
    public void stop() {
        if (background != null) background.close();
    }
}
