package io.handlespy.ui.task;

/** A unit of background work. */
@FunctionalInterface
public interface Work<T> {
    T run(Progress progress) throws Exception;
}
