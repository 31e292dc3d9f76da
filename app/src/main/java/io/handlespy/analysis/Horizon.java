package io.handlespy.analysis;

/** When a handle must still be open to count as leaked. */
public enum Horizon {
    /** Still open when the recording ended (default). */
    END,
    /** Still open at the end of the selected window. */
    WINDOW
}
