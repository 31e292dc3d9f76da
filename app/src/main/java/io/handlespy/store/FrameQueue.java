package io.handlespy.store;

import io.handlespy.protocol.Frame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off from the threads that decode frames to the writer: a ring
 * of frames under one lock. A batch goes in under one lock acquisition and wakes a
 * waiting writer once; a queue of single frames woke it (a futex call each side)
 * for nearly every frame whenever the writer kept up.
 */
final class FrameQueue {
    private final Frame[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition(), notFull = lock.newCondition();
    private int head, count;
    private boolean ended;

    FrameQueue(int capacity) {
        ring = new Frame[capacity];
    }

    /** Adds the frames in order, waiting for room as often as needed (lossless backpressure). */
    void putAll(List<Frame> frames) throws InterruptedException {
        int i = 0, n = frames.size();
        lock.lockInterruptibly();
        try {
            while (i < n) {
                while (count == ring.length) notFull.await();
                for (; i < n && count < ring.length; i++) {
                    ring[(head + count) % ring.length] = frames.get(i);
                    count++;
                }
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} frames to {@code out}, waiting up to {@code timeoutMillis} for the first; how many. */
    int drainTo(List<Frame> out, int max, long timeoutMillis) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (count == 0) {
                if (ended || left <= 0) return 0;
                left = notEmpty.awaitNanos(left);
            }
            int n = Math.min(max, count);
            for (int k = 0; k < n; k++) {
                out.add(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
            }
            count -= n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Says no more frames are coming: a writer waiting on an empty queue returns at
     * once instead of at its timeout, so a finished recording is finalized without delay.
     */
    void end() {
        lock.lock();
        try {
            ended = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return count == 0;
        } finally {
            lock.unlock();
        }
    }
}
