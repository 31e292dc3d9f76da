package io.handlespy.symbols;

/** A module as mapped in the target: where it was loaded and how to identify its debug info. */
public record ModuleRef(String path, long base, long size, int debugIdKind, String debugIdHex) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address - base, size) < 0;
    }
}
