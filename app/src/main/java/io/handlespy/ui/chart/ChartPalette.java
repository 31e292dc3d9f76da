package io.handlespy.ui.chart;

import javafx.scene.paint.Color;

/** The chart's colours for a light or a dark theme. */
public record ChartPalette(Color background, Color grid, Color axisText, Color tracked, Color trackedFill,
                           Color os, Color selectionFill, Color selectionEdge, Color crosshair, Color tooltipFill,
                           Color tooltipText) {
    public static ChartPalette light() {
        return new ChartPalette(Color.web("#ffffff"), Color.web("#e6e9ee"), Color.web("#57606a"),
                Color.web("#0969da"), Color.web("#0969da", 0.16), Color.web("#d1590e"),
                Color.web("#8250df", 0.14), Color.web("#8250df"), Color.web("#57606a", 0.6),
                Color.web("#24292f", 0.92), Color.web("#ffffff"));
    }

    public static ChartPalette dark() {
        return new ChartPalette(Color.web("#0d1117"), Color.web("#21262d"), Color.web("#8b949e"),
                Color.web("#58a6ff"), Color.web("#58a6ff", 0.18), Color.web("#f0883e"),
                Color.web("#bc8cff", 0.18), Color.web("#bc8cff"), Color.web("#8b949e", 0.6),
                Color.web("#f0f6fc", 0.92), Color.web("#0d1117"));
    }
}
