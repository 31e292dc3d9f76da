package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.ElfSymbolizer;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pairs creates with closes in stream order the way the app does (docs/protocol.md)
 * and counts the descriptors still open at the end, by the innermost symbolized
 * function of their creating stack. Snapshot descriptors are never leaks.
 */
final class LeakTally {
    record Lifetime(long handle, int stackId, int type, boolean snapshot, String name) {}

    private final Map<Long, Lifetime> open = new LinkedHashMap<>();
    private final Map<Integer, ModuleRef> stackModule = new HashMap<>();
    private final Map<Integer, Long> stackTop = new HashMap<>();
    private final Map<Long, ModuleRef> modules = new LinkedHashMap<>();
    private int creates, closes, implicitCloses, unmatchedCloses;
    private long dropped;

    static LeakTally of(List<Frame> frames) {
        LeakTally t = new LeakTally();
        frames.forEach(t::accept);
        return t;
    }

    void accept(Frame f) {
        switch (f) {
            case Frame.ModuleLoad m -> modules.put(m.base(), new ModuleRef(m.path(), m.base(), m.size(), m.debugIdKind(),
                HexFormat.of().formatHex(m.debugId())));
            case Frame.ModuleUnload u -> modules.remove(u.base());
            case Frame.Stack s -> {
                long top = s.frame(0);
                stackTop.put(s.stackId(), top);
                modules.values().stream().filter(m -> m.contains(top)).findFirst()
                    .ifPresent(m -> stackModule.put(s.stackId(), m));
            }
            case Frame.Snapshot s -> open.put(s.handle(), new Lifetime(s.handle(), 0, s.type(), true, s.name()));
            case Frame.Create c -> {
                creates++;
                if (open.put(c.handle(), new Lifetime(c.handle(), c.stackId(), c.type(), false, c.name())) != null) {
                    implicitCloses++;
                }
            }
            case Frame.Close c -> {
                closes++;
                if (open.remove(c.handle()) == null) unmatchedCloses++;
            }
            case Frame.Duplicate d -> {
                if (d.has(Frame.Duplicate.CLOSES_SOURCE)) open.remove(d.sourceHandle());
                if (d.has(Frame.Duplicate.NEW_IN_SELF)) {
                    creates++;
                    Lifetime source = open.get(d.sourceHandle());
                    int type = d.type() != 0 ? d.type() : source == null ? 0 : source.type();
                    Lifetime old = open.put(d.newHandle(), new Lifetime(d.newHandle(), d.stackId(), type, false, ""));
                    if (old != null && !d.has(Frame.Duplicate.REPLACED_TARGET)) implicitCloses++;
                }
            }
            case Frame.Dropped d -> dropped += d.count();
            default -> { }
        }
    }

    List<Lifetime> leaks() {
        return open.values().stream().filter(l -> !l.snapshot()).toList();
    }

    /** Open descriptors at the end, snapshot ones included: what /proc/PID/fd should count. */
    int openCount() { return open.size(); }

    int creates() { return creates; }
    int closes() { return closes; }
    int implicitCloses() { return implicitCloses; }
    int unmatchedCloses() { return unmatchedCloses; }
    long dropped() { return dropped; }

    /** Leaked descriptors per innermost function ("?" when it did not symbolize). */
    Map<String, Integer> leaksByFunction() {
        Map<String, String> names = functionNames();
        Map<String, Integer> counts = new TreeMap<>();
        for (Lifetime l : leaks()) counts.merge(names.getOrDefault(Integer.toString(l.stackId()), "?"), 1, Integer::sum);
        return counts;
    }

    /** Leaked descriptors per innermost function and type id. */
    Map<String, Integer> leakTypesByFunction() {
        Map<String, String> names = functionNames();
        Map<String, Integer> types = new TreeMap<>();
        for (Lifetime l : leaks()) types.put(names.getOrDefault(Integer.toString(l.stackId()), "?"), l.type());
        return types;
    }

    private Map<String, String> functionNames() {
        Map<ModuleRef, List<Long>> byModule = new HashMap<>();
        for (Lifetime l : leaks()) {
            ModuleRef m = stackModule.get(l.stackId());
            if (m != null) byModule.computeIfAbsent(m, k -> new ArrayList<>()).add(stackTop.get(l.stackId()));
        }
        ElfSymbolizer symbolizer = new ElfSymbolizer();
        Map<String, String> names = new HashMap<>();
        byModule.forEach((m, addresses) -> {
            Map<Long, SymbolInfo> resolved = symbolizer.resolve(m, addresses);
            stackTop.forEach((id, top) -> {
                if (m.equals(stackModule.get(id)) && resolved.containsKey(top)) {
                    names.put(Integer.toString(id), resolved.get(top).function());
                }
            });
        });
        return names;
    }
}
