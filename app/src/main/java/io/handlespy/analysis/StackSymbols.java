package io.handlespy.analysis;

import io.handlespy.store.CodeSymbol;
import io.handlespy.store.LoadedModule;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.symbols.JvmFrameNames;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.Symbolizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Symbolizes recorded stacks: maps each address to the module loaded there (from
 * the recording's MODULE_LOADs), asks the recording's symbol cache first and the
 * {@link Symbolizer} only for offsets never asked before, and stores its answers
 * (misses too) back in the recording. An address in no module is named from the
 * code its runtime described (a JVM's perf map, {@link Recording#codeSymbols}).
 */
final class StackSymbols {
    private static final SymbolInfo UNKNOWN = new SymbolInfo(null, null, 0);

    private final Recording recording;
    private final Symbolizer symbolizer;
    private final Map<ModuleRef, Map<Long, SymbolInfo>> cache = new HashMap<>();
    /** Generated code by process (0 outside a followed tree), by start address; read on first need. */
    private Map<Long, NavigableMap<Long, CodeSymbol>> generated;

    StackSymbols(Recording recording, Symbolizer symbolizer) {
        this.recording = recording;
        this.symbolizer = symbolizer;
    }

    /** Frames of each stack id, innermost first, resolved with the modules loaded at {@code at}. */
    Map<Integer, List<StackFrame>> frames(Collection<Integer> stackIds, long at) throws RecordingException {
        List<LoadedModule> all = recording.modules();
        Map<Integer, Long> stackProcess = recording.stackProcesses();
        Map<Long, List<LoadedModule>> byProcess = stackProcess.isEmpty() ? Map.of() : modulesByProcess(all);
        Map<Integer, long[]> addresses = new LinkedHashMap<>();
        Map<ModuleRef, List<Long>> byModule = new LinkedHashMap<>();
        Map<Long, ModuleRef> moduleOf = new HashMap<>();
        for (int id : stackIds) {
            long[] stack = recording.stack(id);
            addresses.put(id, stack);
            // in a followed tree each process has modules of its own at overlapping addresses
            List<LoadedModule> modules = stackProcess.isEmpty() ? all
                : byProcess.getOrDefault(stackProcess.getOrDefault(id, -1L), List.of());
            for (long a : stack) {
                ModuleRef m = moduleAt(modules, a, at);
                if (m == null) continue;
                moduleOf.put(a, m);
                byModule.computeIfAbsent(m, k -> new ArrayList<>()).add(a);
            }
        }
        for (Map.Entry<ModuleRef, List<Long>> e : byModule.entrySet()) resolve(e.getKey(), e.getValue());
        Map<Integer, List<StackFrame>> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, long[]> e : addresses.entrySet()) {
            List<StackFrame> frames = new ArrayList<>();
            for (long a : e.getValue()) {
                ModuleRef m = moduleOf.get(a);
                if (m == null) {
                    long pid = stackProcess.isEmpty() ? 0 : stackProcess.getOrDefault(e.getKey(), -1L);
                    frames.add(new StackFrame(a, null, 0, generatedCodeName(pid, a), null, 0));
                } else {
                    long offset = a - m.base();
                    SymbolInfo s = cache.get(m).getOrDefault(offset, UNKNOWN);
                    frames.add(new StackFrame(a, m.path(), offset, s.function(), s.file(), s.line()));
                }
            }
            out.put(e.getKey(), frames);
        }
        return out;
    }

    /** The runtime's name for the code at {@code address}, null if it described none there. */
    private String generatedCodeName(long pid, long address) throws RecordingException {
        if (generated == null) {
            generated = new HashMap<>();
            for (CodeSymbol s : recording.codeSymbols()) {
                generated.computeIfAbsent(s.pid(), k -> new TreeMap<>(Long::compareUnsigned)).put(s.start(), s);
            }
        }
        NavigableMap<Long, CodeSymbol> code = generated.get(pid);
        if (code == null) return null;
        // a return address just past a call that ends a blob belongs to that blob: look up the call itself
        Map.Entry<Long, CodeSymbol> e = code.floorEntry(address - 1);
        return e != null && e.getValue().contains(address - 1) ? JvmFrameNames.frameName(e.getValue().name()) : null;
    }

    private Map<Long, List<LoadedModule>> modulesByProcess(List<LoadedModule> all) throws RecordingException {
        Map<Integer, Long> owner = recording.moduleProcesses();
        Map<Long, List<LoadedModule>> out = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Long pid = owner.get(i);
            if (pid != null) out.computeIfAbsent(pid, k -> new ArrayList<>()).add(all.get(i));
        }
        return out;
    }

    private void resolve(ModuleRef m, List<Long> addresses) throws RecordingException {
        Map<Long, SymbolInfo> known = cache.get(m);
        if (known == null) {
            known = new HashMap<>(recording.cachedSymbols(m));
            cache.put(m, known);
        }
        List<Long> missing = new ArrayList<>();
        for (long a : addresses) if (!known.containsKey(a - m.base()) && !missing.contains(a)) missing.add(a);
        if (missing.isEmpty()) return;
        Map<Long, SymbolInfo> answered = symbolizer.resolve(m, missing);
        Map<Long, SymbolInfo> fresh = new HashMap<>();
        for (long a : missing) {
            SymbolInfo s = answered == null ? null : answered.get(a);
            fresh.put(a - m.base(), s == null ? UNKNOWN : s);
        }
        known.putAll(fresh);
        recording.cacheSymbols(m, fresh);
    }

    /** The module containing {@code address} loaded at {@code at}, else the last one ever loaded there. */
    private static ModuleRef moduleAt(List<LoadedModule> modules, long address, long at) {
        ModuleRef any = null;
        for (LoadedModule m : modules) {
            if (!m.ref().contains(address)) continue;
            if (m.loadedAt(at)) return m.ref();
            any = m.ref();
        }
        return any;
    }
}
