package io.handlespy.ui.model;

import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.StackFrame;
import java.util.Locale;

/** One row of the growth view: a stack whose live count climbs steadily. */
public record GrowthRow(GrowthEntry entry, String where) {
    public static GrowthRow of(GrowthEntry e) {
        StackFrame user = UserFrames.innermostUser(e.stack());
        return new GrowthRow(e, user == null ? "(no stack)" : user.display());
    }

    public String slope() { return String.format(Locale.ROOT, "%+.2f/s", entry.slopePerSecond()); }

    public String fit() { return String.format(Locale.ROOT, "%.3f", entry.rSquared()); }
}
