package io.handlespy.ui.task;

/**
 * Runs work off the UI thread and reports back on it. View models depend on this
 * seam so they can be tested without a JavaFX toolkit.
 */
public interface Background {
    <T> Job submit(String title, Work<T> work, Outcome<T> outcome);
}
