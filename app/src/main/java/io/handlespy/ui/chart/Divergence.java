package io.handlespy.ui.chart;

import java.util.Locale;

/**
 * What the chart says about the OS-reported count next to the tracked one. They
 * differ when handles were open before recording started or were made by calls
 * HandleSpy does not hook; the user should know which line to trust.
 */
public final class Divergence {
    private Divergence() {}

    /** A short note for the chart header; empty when the OS gave no count in view. */
    public static String describe(Columns tracked, Columns os) {
        if (os.presentCount() == 0 || tracked.presentCount() == 0) return "";
        double gap = Columns.largestGap(tracked, os);
        if (gap < 0.5) return "OS count agrees";
        return String.format(Locale.ROOT, "OS count differs by up to %,.0f (open before recording, or not hooked)", gap);
    }
}
