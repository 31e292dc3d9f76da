package io.handlespy.ui.task;

/** What running work sees of its job: where to report progress and whether to stop. */
public interface Progress {
    /** {@code fraction} in [0, 1], or negative when unknown. */
    void update(double fraction, String message);

    CancelFlag cancelFlag();
}
