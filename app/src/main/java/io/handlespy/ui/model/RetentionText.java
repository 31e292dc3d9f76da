package io.handlespy.ui.model;

import io.handlespy.store.Retention;

/** How the process picker names each retention mode, and says in one line what it keeps and when to choose it. */
public final class RetentionText {
    private RetentionText() {}

    public static String label(Retention r) {
        return r == Retention.OPEN ? "Open handles only" : "Every handle";
    }

    public static String explanation(Retention r) {
        return r == Retention.OPEN
            ? "For services recorded for days: handles still open are kept in full, closed ones only counted per "
                + "stack and second (the file grows with time, not with the churn)."
            : "Every handle's lifetime with its stack, name and close time: for runs of minutes to hours.";
    }
}
