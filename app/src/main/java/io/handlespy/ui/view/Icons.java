package io.handlespy.ui.view;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Icon helpers: Ikonli glyphs for buttons, the app icon images for windows. */
public final class Icons {
    private static final int[] APP_SIZES = {16, 32, 48, 64, 128, 256};

    private Icons() {}

    public static FontIcon glyph(Ikon ikon) {
        FontIcon i = new FontIcon(ikon);
        i.getStyleClass().add("glyph");
        return i;
    }

    public static Button button(String text, Ikon ikon, String tooltip) {
        Button b = new Button(text, glyph(ikon));
        if (tooltip != null) b.setTooltip(new Tooltip(tooltip));
        return b;
    }

    /** The application icon in every size the build packages (icons/ → io/handlespy/ui/icons/). */
    public static Image[] app() {
        Image[] out = new Image[APP_SIZES.length];
        for (int i = 0; i < APP_SIZES.length; i++) {
            out[i] = new Image(Icons.class.getResource("/io/handlespy/ui/icons/handlespy-" + APP_SIZES[i] + ".png")
                    .toExternalForm());
        }
        return out;
    }
}
