package io.handlespy.ui.task;

/** A submitted unit of work; cancelling it is cooperative (see {@link CancelFlag}). */
public interface Job {
    void cancel();

    boolean isDone();
}
