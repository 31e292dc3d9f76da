package io.handlespy.store;

import io.handlespy.symbols.ModuleRef;

/** A module as the recording saw it: where, and from when to when (-1 = never unloaded). */
public record LoadedModule(ModuleRef ref, long loadNanos, long unloadNanos) {
    public boolean loadedAt(long t) {
        return loadNanos <= t && (unloadNanos < 0 || unloadNanos > t);
    }
}
