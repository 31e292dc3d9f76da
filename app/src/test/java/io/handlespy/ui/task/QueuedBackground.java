package io.handlespy.ui.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link Background} for view-model tests without a JavaFX toolkit: work is
 * queued and runs on the test's thread when the test says so, so tests can see
 * what happens while a query is still running.
 */
public final class QueuedBackground implements Background {
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private int submitted;

    @Override
    public <T> Job submit(String title, Work<T> work, Outcome<T> outcome) {
        submitted++;
        CancelFlag flag = new CancelFlag();
        boolean[] done = {false};
        queue.add(() -> {
            done[0] = true;
            if (flag.isCancelled()) {
                outcome.cancelled();
                return;
            }
            T value;
            try {
                value = work.run(new Progress() {
                    @Override public void update(double fraction, String message) { outcome.progress(fraction, message); }

                    @Override public CancelFlag cancelFlag() { return flag; }
                });
            } catch (Exception e) {
                outcome.failed(e);
                return;
            }
            outcome.succeeded(value);
        });
        return new Job() {
            @Override public void cancel() { flag.cancel(); }

            @Override public boolean isDone() { return done[0]; }
        };
    }

    /** Runs queued work, including work queued by what runs, until none is left. */
    public void runAll() {
        while (!queue.isEmpty()) queue.poll().run();
    }

    /** Runs only the oldest queued unit of work. */
    public void runOne() {
        queue.poll().run();
    }

    public int pending() { return queue.size(); }

    public int submitted() { return submitted; }
}
