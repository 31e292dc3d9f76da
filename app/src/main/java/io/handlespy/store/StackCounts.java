package io.handlespy.store;

/**
 * The live count of each stack, by stack id: open addressing over primitive ints
 * (linear probing; entries are never removed). Every create looks its stack up,
 * and a HashMap&lt;Integer, …&gt; boxed each id above 127 to do it.
 */
final class StackCounts {
    private int[] keys = new int[1 << 8];
    private Ingest.StackCount[] values = new Ingest.StackCount[1 << 8];
    private int size;

    /** The count of {@code stack}, made (at zero live) the first time it is asked for. */
    Ingest.StackCount of(int stack) {
        int mask = keys.length - 1;
        int i = slot(stack, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == stack) return values[i];
        }
        Ingest.StackCount s = new Ingest.StackCount();
        keys[i] = stack;
        values[i] = s;
        if (++size * 2 > keys.length) grow();
        return s;
    }

    private void grow() {
        int[] oldKeys = keys;
        Ingest.StackCount[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Ingest.StackCount[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] == null) continue;
            int i = slot(oldKeys[j], mask);
            while (values[i] != null) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }

    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ h >>> 16) & mask;
    }
}
