package io.handlespy.capture.synthetic;

import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.Symbolizer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Resolves addresses inside the synthetic agent's fake modules, so demo recordings show real-looking stacks. */
public final class SyntheticSymbolizer implements Symbolizer {
    @Override
    public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
        Map<Long, SymbolInfo> out = new HashMap<>();
        int index = -1;
        for (int i = 0; i < SyntheticModules.MODULES.size(); i++) {
            if (SyntheticModules.MODULES.get(i).path().equals(module.path())) index = i;
        }
        if (index < 0) return out;
        for (long address : addresses) {
            long offset = address - module.base();
            for (SyntheticModules.Function f : SyntheticModules.FUNCTIONS) {
                if (f.module() == index && offset >= f.offset() && offset < f.offset() + f.size()) {
                    int line = f.file() == null ? 0 : f.firstLine() + (int) (Math.max(0, offset - f.offset() - 0x20) / 0x10);
                    out.put(address, new SymbolInfo(f.name(), f.file(), line));
                }
            }
        }
        return out;
    }
}
