package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's hand-off: batches larger than its room go in whole and in order, waiting for room. */
class FrameQueueTest {
    @Test
    void batchesLargerThanTheRingArriveWholeAndInOrder() throws Exception {
        FrameQueue queue = new FrameQueue(7);
        int batches = 300, size = 50;
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int b = 0; b < batches; b++) {
                    List<Frame> batch = new ArrayList<>();
                    for (int i = 0; i < size; i++) batch.add(new Frame.Close(b * size + i, 3, 7, 0, 2));
                    queue.putAll(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Frame> got = new ArrayList<>();
        while (got.size() < batches * size) {
            int before = got.size();
            int n = queue.drainTo(got, 5, 10_000);
            assertThat(n).isBetween(1, 5).isEqualTo(got.size() - before);
        }
        producer.join();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.drainTo(got, 5, 1)).isZero();
        for (int i = 0; i < got.size(); i++) assertThat(((Frame.Close) got.get(i)).time()).isEqualTo(i);
    }

    @Test
    void endWakesAWriterWaitingOnAnEmptyQueue() throws Exception {
        FrameQueue queue = new FrameQueue(7);
        List<Frame> got = new ArrayList<>();
        int[] drained = {-1};
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                drained[0] = queue.drainTo(got, 5, 600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (writer.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
        queue.end();
        writer.join(60_000);
        assertThat(writer.isAlive()).as("still waiting for its 10-minute timeout").isFalse();
        assertThat(drained[0]).isZero();
        queue.putAll(List.of(new Frame.Close(1, 3, 7, 0, 2)));
        assertThat(queue.drainTo(got, 5, 600_000)).isEqualTo(1);
        assertThat(queue.drainTo(got, 5, 600_000)).isZero();
    }
}
