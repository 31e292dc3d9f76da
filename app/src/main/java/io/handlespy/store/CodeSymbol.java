package io.handlespy.store;

/**
 * Code in no module, named by the runtime that generated it: [{@code start}, {@code start + size})
 * is {@code name} (a JVM's perf map entry, e.g. {@code "void Foo.bar(int)"}). {@code pid} is the
 * process in a followed tree, else 0.
 */
public record CodeSymbol(long pid, long start, long size, String name) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address - start, size) < 0;
    }
}
