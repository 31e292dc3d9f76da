package io.handlespy.ui.view;

import io.handlespy.ui.model.Placement;
import io.handlespy.ui.model.Placement.Rect;
import io.handlespy.ui.model.WindowMemory;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.ObservableList;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * Puts windows on the screen explicitly. Left to themselves, some window
 * managers (Openbox) show a child stage at 200×200 in the corner and the main
 * window at its minimum size; so every size and position is set before showing
 * and set again once the window manager has placed the window.
 */
final class Windows {
    private Windows() {}

    /**
     * Makes {@code root} the content of {@code dialog}: owned by {@code owner}, sized to the content
     * (at most the owner's screen), centred on the owner. Not modal: a modal child makes some window
     * managers drop the owner's maximized state.
     */
    static Scene dialog(Stage dialog, Window owner, Parent root) {
        dialog.initOwner(owner);
        ObservableList<String> sheets = owner.getScene().getStylesheets();
        Scene probe = new Scene(root);
        probe.getStylesheets().setAll(sheets);
        root.applyCss();
        double w = Math.ceil(Math.max(root.prefWidth(-1), root.minWidth(-1)));
        double h = Math.ceil(Math.max(root.prefHeight(w), root.minHeight(w)));
        probe.setRoot(new Region());
        Rect ownerBounds = bounds(owner);
        Rect r = Placement.dialog(ownerBounds, screenOf(ownerBounds), w, h);
        Scene scene = new Scene(root, r.width(), r.height());
        scene.getStylesheets().setAll(sheets);
        dialog.setScene(scene);
        apply(dialog, r);
        dialog.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            double frameW = Math.max(0, dialog.getWidth() - scene.getWidth());
            double frameH = Math.max(0, dialog.getHeight() - scene.getHeight());
            apply(dialog, Placement.dialog(bounds(owner), screenOf(bounds(owner)), w + frameW, h + frameH));
        });
        return scene;
    }

    /**
     * Puts the main window where it was left, or over most of the screen; remembers where it is left.
     * The minimum size is set only once the window is up: given before, Openbox opens it at that size.
     */
    static void main(Stage stage, WindowMemory memory, double minWidth, double minHeight) {
        List<Rect> screens = Screen.getScreens().stream().map(s -> rect(s.getVisualBounds())).toList();
        Rect primary = rect(Screen.getPrimary().getVisualBounds());
        var saved = memory.load();
        Rect r = saved.flatMap(s -> Placement.restored(s.bounds(), screens)).orElse(Placement.firstWindow(primary));
        boolean maximized = saved.map(WindowMemory.Saved::maximized).orElse(false);
        Rect[] normal = {r};
        apply(stage, r);
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            apply(stage, normal[0]);
            stage.setMinWidth(Math.min(minWidth, normal[0].width()));
            stage.setMinHeight(Math.min(minHeight, normal[0].height()));
            if (maximized) stage.setMaximized(true);
        });
        // Checked later: while maximizing, the bounds change before the maximized flag does.
        Runnable track = () -> Platform.runLater(() -> {
            if (stage.isShowing() && !stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen()) {
                normal[0] = bounds(stage);
            }
        });
        stage.maximizedProperty().addListener((o, was, now) -> {
            if (!now) Platform.runLater(() -> apply(stage, normal[0]));
        });
        stage.xProperty().addListener(o -> track.run());
        stage.yProperty().addListener(o -> track.run());
        stage.widthProperty().addListener(o -> track.run());
        stage.heightProperty().addListener(o -> track.run());
        stage.addEventHandler(WindowEvent.WINDOW_HIDING,
                e -> memory.save(new WindowMemory.Saved(normal[0], stage.isMaximized())));
    }

    private static void apply(Stage stage, Rect r) {
        stage.setX(r.x());
        stage.setY(r.y());
        stage.setWidth(r.width());
        stage.setHeight(r.height());
    }

    static Rect bounds(Window w) {
        return new Rect(w.getX(), w.getY(), w.getWidth(), w.getHeight());
    }

    private static Rect screenOf(Rect r) {
        List<Screen> on = Screen.getScreensForRectangle(r.x(), r.y(), Math.max(1, r.width()), Math.max(1, r.height()));
        return rect((on.isEmpty() ? Screen.getPrimary() : on.get(0)).getVisualBounds());
    }

    private static Rect rect(Rectangle2D b) {
        return new Rect(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }
}
