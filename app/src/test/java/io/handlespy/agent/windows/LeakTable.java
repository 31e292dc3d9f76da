package io.handlespy.agent.windows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.Symbolizer;

/**
 * Pairs creates with closes the way ingest does (a handle value is open from
 * its CREATE, or a DUPLICATE into this process, until a CLOSE or a
 * DUPLICATE_CLOSE_SOURCE of it), and names each handle left open by the
 * innermost function of the given program module on its stack, symbolized.
 */
public final class LeakTable {
    /** A handle still open at the end, with what created it. */
    public record Open(long handle, int type, int stackId) {}

    private LeakTable() {}

    public static List<Open> stillOpen(Recorded r) {
        Map<Long, Open> open = new HashMap<>();
        for (Frame f : r.frames()) {
            switch (f) {
                case Frame.Create c -> open.put(c.handle(), new Open(c.handle(), c.type(), c.stackId()));
                case Frame.Close c -> open.remove(c.handle());
                case Frame.Duplicate d -> {
                    Open source = d.has(Frame.Duplicate.CLOSES_SOURCE) ? open.remove(d.sourceHandle()) : open.get(d.sourceHandle());
                    if (d.has(Frame.Duplicate.NEW_IN_SELF)) {
                        int type = d.type() != 0 ? d.type() : source != null ? source.type() : 0;
                        open.put(d.newHandle(), new Open(d.newHandle(), type, d.stackId()));
                    }
                }
                default -> { }
            }
        }
        return new ArrayList<>(open.values());
    }

    /**
     * Counts of leaked handles keyed "function Type", by the innermost frame
     * inside the module whose file name is {@code moduleName}; handles with no
     * such frame are counted under "(elsewhere) Type".
     */
    public static Map<String, Integer> byFunction(Recorded r, String moduleName, Symbolizer symbolizer) {
        Optional<ModuleRef> module = r.all(Frame.ModuleLoad.class).stream()
            .filter(m -> m.path().toLowerCase(Locale.ROOT).endsWith("\\" + moduleName.toLowerCase(Locale.ROOT)))
            .map(m -> new ModuleRef(m.path(), m.base(), m.size(), m.debugIdKind(), ""))
            .findFirst();
        Map<Integer, long[]> stacks = new HashMap<>();
        r.all(Frame.Stack.class).forEach(s -> stacks.put(s.stackId(), s.frames()));
        List<Open> leaks = stillOpen(r);
        Map<Open, Long> innermost = new HashMap<>();
        Set<Long> wanted = new HashSet<>();
        for (Open o : leaks) {
            long[] frames = stacks.getOrDefault(o.stackId(), new long[0]);
            for (long a : frames) {
                if (module.isPresent() && module.get().contains(a)) {
                    innermost.put(o, a);
                    wanted.add(a);
                    break;
                }
            }
        }
        Map<Long, SymbolInfo> names = module.map(m -> symbolizer.resolve(m, wanted)).orElse(Map.of());
        Map<String, Integer> counts = new TreeMap<>();
        for (Open o : leaks) {
            Long at = innermost.get(o);
            SymbolInfo s = at == null ? null : names.get(at);
            String fn = at == null ? "(elsewhere)" : s == null || s.function() == null ? "(unresolved)" : s.function();
            counts.merge(fn + " " + r.typeName(o.type()), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Counts of leaked handles keyed "function Type" by the innermost frame in
     * the module whose function passes {@code ownCode}: a Go program's own
     * functions lie past the Go runtime's frames in the same module.
     * "(elsewhere) Type" when no frame does.
     */
    public static Map<String, Integer> byOwnFunction(Recorded r, String moduleName, Symbolizer symbolizer,
                                                     Predicate<String> ownCode) {
        Optional<ModuleRef> module = r.all(Frame.ModuleLoad.class).stream()
            .filter(m -> m.path().toLowerCase(Locale.ROOT).endsWith("\\" + moduleName.toLowerCase(Locale.ROOT)))
            .map(m -> new ModuleRef(m.path(), m.base(), m.size(), m.debugIdKind(), ""))
            .findFirst();
        Map<Integer, long[]> stacks = new HashMap<>();
        r.all(Frame.Stack.class).forEach(s -> stacks.put(s.stackId(), s.frames()));
        List<Open> leaks = stillOpen(r);
        Set<Long> wanted = new HashSet<>();
        for (Open o : leaks) {
            for (long a : stacks.getOrDefault(o.stackId(), new long[0])) {
                if (module.isPresent() && module.get().contains(a)) wanted.add(a - 1);
            }
        }
        Map<Long, SymbolInfo> names = module.map(m -> symbolizer.resolve(m, wanted)).orElse(Map.of());
        Map<String, Integer> counts = new TreeMap<>();
        for (Open o : leaks) {
            String fn = "(elsewhere)";
            for (long a : stacks.getOrDefault(o.stackId(), new long[0])) {
                SymbolInfo s = names.get(a - 1);
                if (s != null && s.function() != null && ownCode.test(s.function())) {
                    fn = s.function();
                    break;
                }
            }
            counts.merge(fn + " " + r.typeName(o.type()), 1, Integer::sum);
        }
        return counts;
    }
}
