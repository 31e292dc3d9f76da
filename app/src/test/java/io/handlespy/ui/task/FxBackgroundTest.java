package io.handlespy.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Cancelling a JavaFX-backed job raises the work's flag and never interrupts its thread (H2 I/O safety). */
@ExtendWith(ApplicationExtension.class)
class FxBackgroundTest {
    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void cancelIsCooperativeAndReportedOnTheFxThread() throws Exception {
        try (FxBackground background = new FxBackground(1)) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            CountDownLatch cancelledReported = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            AtomicBoolean sawFlag = new AtomicBoolean();
            AtomicReference<Boolean> onFxThread = new AtomicReference<>();
            Job job = background.submit("spin", p -> {
                running.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!p.cancelFlag().isCancelled() && System.nanoTime() < deadline) {
                    if (Thread.currentThread().isInterrupted()) interrupted.set(true);
                    Thread.onSpinWait();
                }
                sawFlag.set(p.cancelFlag().isCancelled());
                interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
                finished.countDown();
                return 1;
            }, new Outcome<Integer>() {
                @Override public void succeeded(Integer value) { }

                @Override public void cancelled() {
                    onFxThread.set(Platform.isFxApplicationThread());
                    cancelledReported.countDown();
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            job.cancel();
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledReported.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sawFlag).isTrue();
            assertThat(interrupted).isFalse();
            assertThat(onFxThread.get()).isTrue();
            assertThat(job.isDone()).isTrue();
        }
    }

    @Test
    void workThatEndsAsSoonAsItSeesTheFlagIsStillReportedCancelled() throws Exception {
        try (FxBackground background = new FxBackground(1)) {
            for (int round = 0; round < 200; round++) {
                CountDownLatch running = new CountDownLatch(1);
                CountDownLatch reported = new CountDownLatch(1);
                AtomicReference<String> outcome = new AtomicReference<>();
                Job job = background.submit("race", p -> {
                    running.countDown();
                    while (!p.cancelFlag().isCancelled()) Thread.onSpinWait();
                    return 1;
                }, new Outcome<Integer>() {
                    @Override public void succeeded(Integer value) {
                        outcome.set("succeeded");
                        reported.countDown();
                    }

                    @Override public void cancelled() {
                        outcome.set("cancelled");
                        reported.countDown();
                    }
                });
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                job.cancel();
                assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(outcome.get()).as("round %d", round).isEqualTo("cancelled");
            }
        }
    }

    @Test
    void progressAndResultArriveOnTheFxThread() throws Exception {
        try (FxBackground background = new FxBackground(1)) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<String> seen = new AtomicReference<>("");
            background.submit("count", p -> {
                p.update(0.5, "half");
                return 42;
            }, new Outcome<Integer>() {
                @Override public void succeeded(Integer value) {
                    seen.set(seen.get() + "result " + value + " fx=" + Platform.isFxApplicationThread());
                    done.countDown();
                }

                @Override public void progress(double fraction, String message) {
                    seen.set(seen.get() + "progress " + fraction + " fx=" + Platform.isFxApplicationThread() + "; ");
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get()).endsWith("result 42 fx=true").doesNotContain("fx=false");
        }
    }
}
