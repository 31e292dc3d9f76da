package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import java.util.List;

/**
 * One line of a split count chart: a handle type's or a category's tracked count,
 * or a category's count as Windows reports it ({@code osReported}), or the sum of
 * the types not drawn on their own ({@link #OTHER}, category null).
 */
public record SeriesLine(String label, HandleCategory category, boolean osReported, List<SeriesPoint> points) {
    public static final String OTHER = "other";

    public SeriesLine {
        points = List.copyOf(points);
    }

    /** A line per category (as tracked, or as Windows reports it), rather than per type. */
    public boolean perCategory() {
        return category != null && (osReported || label.equals(category.label()));
    }
}
