package io.handlespy.ui.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;

/** {@link Background} on JavaFX {@link Task}s run by a small pool of daemon threads. */
public final class FxBackground implements Background, AutoCloseable {
    private final ExecutorService pool;

    public FxBackground(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "handlespy-ui-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> Job submit(String title, Work<T> work, Outcome<T> outcome) {
        CooperativeTask<T> task = new CooperativeTask<>(title, work);
        task.progressProperty().addListener((o, was, now) -> outcome.progress(now.doubleValue(), task.getMessage()));
        task.setOnSucceeded(e -> outcome.succeeded(task.getValue()));
        task.setOnFailed(e -> outcome.failed(task.getException()));
        task.setOnCancelled(e -> outcome.cancelled());
        pool.execute(task);
        return new Job() {
            @Override public void cancel() { task.cancel(); }
            @Override public boolean isDone() { return task.isDone(); }
        };
    }

    /** Stops accepting work; running work finishes on its own (never interrupted). */
    @Override
    public void close() { pool.shutdown(); }

    /** A Task whose cancel never interrupts its thread: it raises the work's flag instead. */
    static final class CooperativeTask<T> extends Task<T> implements Progress {
        private final Work<T> work;
        private final CancelFlag flag = new CancelFlag();

        CooperativeTask(String title, Work<T> work) {
            this.work = work;
            updateTitle(title);
        }

        @Override
        protected T call() throws Exception {
            return work.run(this);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            // The task is marked cancelled before the work sees the flag: the other order lets the work
            // return first, and the job would then be reported as succeeded instead of cancelled.
            boolean cancelled = super.cancel(false);
            flag.cancel();
            return cancelled;
        }

        @Override
        public void update(double fraction, String message) {
            if (fraction < 0) updateProgress(-1, 1); else updateProgress(fraction, 1);
            if (message != null) updateMessage(message);
        }

        @Override
        public CancelFlag cancelFlag() { return flag; }
    }
}
