package io.handlespy.symbols;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Asks each symbolizer in turn for the addresses the ones before it could not resolve. */
public final class CompositeSymbolizer implements Symbolizer {
    private final List<Symbolizer> delegates;

    public CompositeSymbolizer(List<Symbolizer> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
        Map<Long, SymbolInfo> resolved = new HashMap<>();
        List<Long> pending = new ArrayList<>(addresses);
        for (Symbolizer s : delegates) {
            if (pending.isEmpty()) break;
            resolved.putAll(s.resolve(module, pending));
            pending.removeIf(resolved::containsKey);
        }
        return resolved;
    }
}
