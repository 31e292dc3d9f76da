package io.handlespy.symbols;

import java.util.Collection;
import java.util.Map;

/**
 * Turns addresses inside one module into function names and file:line. Platform
 * implementations run well-kept tools (binutils, elfutils, dbghelp through the
 * Windows helper); results are cached in the recording by the caller.
 */
public interface Symbolizer {
    /**
     * Resolves {@code addresses} (absolute, as captured) inside {@code module}. Every
     * captured frame is a return address (the agents record no faulting or
     * interrupted instruction pointers), so implementations look up the call site,
     * the byte before it: its file:line is the line that made the call, not the next one.
     * Addresses it cannot resolve are absent from the result; it never throws for
     * a missing file or tool, it answers less.
     */
    Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses);
}
