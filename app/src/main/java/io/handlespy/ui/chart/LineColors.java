package io.handlespy.ui.chart;

import io.handlespy.analysis.SeriesLine;
import javafx.scene.paint.Color;

/**
 * Colours of the split count lines, mid-tones readable on the light and the dark
 * theme and apart from the tracked blue, the OS orange and the window's violet.
 * A category keeps its colour whether drawn as tracked or as reported by Windows.
 */
final class LineColors {
    private static final Color[] CYCLE = {
        Color.web("#1a7f37"), Color.web("#cf222e"), Color.web("#b08800"), Color.web("#0e8a9a"),
        Color.web("#a3389a"), Color.web("#7d5a2c"), Color.web("#6e7781"),
    };

    private LineColors() {}

    /** The colour of {@code line}, the {@code index}th line drawn. */
    static Color of(SeriesLine line, int index) {
        if (line.category() == null) return CYCLE[CYCLE.length - 1];
        return CYCLE[(line.perCategory() ? line.category().ordinal() : index) % (CYCLE.length - 1)];
    }
}
