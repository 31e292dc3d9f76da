package io.handlespy.ui.model;

import java.util.List;
import java.util.Optional;

/**
 * Where windows go, as plain geometry: a dialog centred on its owner and fitted
 * to the owner's screen; the main window where the user left it, or over most
 * of the screen the first time.
 */
public final class Placement {
    /** Share of the screen the main window covers the first time: big enough for chart and table. */
    static final double FIRST_WINDOW_SHARE = 0.85;
    /** Room a dialog leaves at the screen's edges, for the window manager's decorations. */
    static final double DIALOG_MARGIN = 24;
    /** How much of a saved title bar must be on a screen for the window to be reachable there. */
    static final double REACHABLE_WIDTH = 120;
    static final double REACHABLE_HEIGHT = 24;

    private Placement() {}

    /** A rectangle in screen coordinates. */
    public record Rect(double x, double y, double width, double height) {
        public double centreX() { return x + width / 2; }

        public double centreY() { return y + height / 2; }

        public double right() { return x + width; }

        public double bottom() { return y + height; }

        public boolean contains(Rect r) {
            return r.x >= x && r.y >= y && r.right() <= right() && r.bottom() <= bottom();
        }

        double overlapWidth(Rect r) { return Math.min(right(), r.right()) - Math.max(x, r.x); }

        double overlapHeight(Rect r) { return Math.min(bottom(), r.bottom()) - Math.max(y, r.y); }
    }

    /** A dialog of preferred size {@code width}×{@code height}: centred on {@code owner}, inside {@code screen}. */
    public static Rect dialog(Rect owner, Rect screen, double width, double height) {
        double w = Math.min(width, screen.width() - 2 * DIALOG_MARGIN);
        double h = Math.min(height, screen.height() - 2 * DIALOG_MARGIN);
        double x = clamp(owner.centreX() - w / 2, screen.x(), screen.right() - w);
        double y = clamp(owner.centreY() - h / 2, screen.y(), screen.bottom() - h);
        return new Rect(x, y, w, h);
    }

    /** The first main window: most of {@code screen}, centred. */
    public static Rect firstWindow(Rect screen) {
        double w = Math.round(screen.width() * FIRST_WINDOW_SHARE);
        double h = Math.round(screen.height() * FIRST_WINDOW_SHARE);
        return new Rect(screen.x() + Math.round((screen.width() - w) / 2),
                screen.y() + Math.round((screen.height() - h) / 2), w, h);
    }

    /**
     * The main window as saved, if its title bar is still on one of {@code screens} (a monitor may be
     * gone); shrunk to fit that screen. Empty when it would be out of reach.
     */
    public static Optional<Rect> restored(Rect saved, List<Rect> screens) {
        Rect title = new Rect(saved.x(), saved.y(), saved.width(), REACHABLE_HEIGHT);
        for (Rect s : screens) {
            if (s.overlapWidth(title) >= Math.min(REACHABLE_WIDTH, saved.width())
                    && s.overlapHeight(title) >= REACHABLE_HEIGHT) {
                double w = Math.min(saved.width(), s.width());
                double h = Math.min(saved.height(), s.height());
                return Optional.of(new Rect(clamp(saved.x(), s.x(), s.right() - w),
                        clamp(saved.y(), s.y(), s.bottom() - h), w, h));
            }
        }
        return Optional.empty();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
