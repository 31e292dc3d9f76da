package io.handlespy.store;

import java.util.Arrays;

/**
 * Open lifetimes by handle value: an open-addressing hash map from a primitive
 * long to its lifetime (linear probing, backward-shift deletion). The ingest hot
 * path does one lookup per event; a HashMap&lt;Long, …&gt; would box and allocate a
 * node for each.
 */
final class OpenHandles {
    private long[] keys = new long[1 << 12];
    private Ingest.Open[] values = new Ingest.Open[1 << 12];
    private int size;

    int size() { return size; }

    Ingest.Open get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) return values[i];
        }
        return null;
    }

    /** Stores {@code value} under its handle and returns the lifetime it replaced, if any. */
    Ingest.Open put(long key, Ingest.Open value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                Ingest.Open old = values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) grow();
        return null;
    }

    Ingest.Open remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) break;
        }
        Ingest.Open old = values[i];
        if (old == null) return null;
        values[i] = null;
        size--;
        // Shift later entries of the probe run back so lookups never stop at the hole too early.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return old;
    }

    /** The keys whose upper half is {@code high}: the handles of one followed process (see {@link ProcessTree#key}). */
    long[] keysWithHigh(long high) {
        long[] found = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) if (values[i] != null && keys[i] >>> 32 == high) found[n++] = keys[i];
        return Arrays.copyOf(found, n);
    }

    private void grow() {
        long[] oldKeys = keys;
        Ingest.Open[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Ingest.Open[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != null) put(oldKeys[i], oldValues[i]);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
