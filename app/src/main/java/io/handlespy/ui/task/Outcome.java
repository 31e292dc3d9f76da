package io.handlespy.ui.task;

/** Where a job reports back; every method is called on the UI thread. */
public interface Outcome<T> {
    void succeeded(T value);

    default void failed(Throwable error) {}

    default void cancelled() {}

    default void progress(double fraction, String message) {}
}
