package io.handlespy.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Symbolizes addresses in Linux ELF modules with binutils' {@code addr2line}
 * (falling back to elfutils' {@code eu-addr2line}), one process per module and
 * batch. Captured frames are return addresses, so each is looked up one byte
 * earlier: inside the call instruction, whose line is the one the user wrote.
 * A module whose file is gone or whose build-id differs from the recorded one
 * resolves to nothing rather than to wrong names, and so does an address that
 * has no line information and lies outside every function the symbol tables
 * describe (addr2line would name the nearest symbol before it): it is shown as
 * module+0xOFFSET. A stripped module's MiniDebugInfo ({@code .gnu_debugdata}) names its static functions.
 */
public final class ElfSymbolizer implements Symbolizer {
    private static final List<String> TOOLS = List.of("addr2line", "eu-addr2line");
    private static final Path DEBUG_ROOT = Path.of("/usr/lib/debug");
    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> tools;
    private final Path debugRoot;

    public ElfSymbolizer() {
        this(TOOLS, DEBUG_ROOT);
    }

    /** With the tools to try, in order (names on PATH or absolute paths). */
    public ElfSymbolizer(List<String> tools) {
        this(tools, DEBUG_ROOT);
    }

    /**
     * With the tools to try and the root of separate debug files: a module whose build-id is AB…
     * is looked up in {@code debugRoot/.build-id/AB/….debug} (Debian's -dbgsym packages) first.
     */
    public ElfSymbolizer(List<String> tools, Path debugRoot) {
        this.tools = List.copyOf(tools);
        this.debugRoot = debugRoot;
    }

    @Override
    public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
        Path file = Path.of(module.path());
        if (addresses.isEmpty() || !Files.isRegularFile(file)) return Map.of();
        Optional<ElfImage> image = ElfImage.read(file);
        if (image.isEmpty()) return Map.of();
        String expected = module.debugIdHex();
        if (expected != null && !expected.isEmpty() && !expected.equalsIgnoreCase(image.get().buildIdHex())) {
            return Map.of();
        }
        List<Long> wanted = addresses.stream().filter(module::contains).distinct().toList();
        file = separateDebugFile(image.get().buildIdHex()).orElse(file);
        Map<Long, SymbolInfo> result = new HashMap<>();
        for (String tool : tools) {
            List<Long> missing = wanted.stream().filter(a -> !result.containsKey(a)).toList();
            if (missing.isEmpty()) break;
            result.putAll(run(tool, file, module.base(), image.get().offsetZeroVaddr(), missing));
        }
        if (wanted.stream().anyMatch(a -> !result.containsKey(a) || result.get(a).file() == null)) {
            nameFromSymbolTables(result, wanted, file, Path.of(module.path()), image.get().offsetZeroVaddr() - module.base() - 1);
        }
        return result;
    }

    /**
     * Answers without a source line keep their name only inside a function's extent in the file's own symbol
     * tables; otherwise, and for addresses addr2line could not name, the module's MiniDebugInfo names the function
     * that holds the address, if any. {@code delta} turns a runtime address into the link-time one.
     */
    private static void nameFromSymbolTables(Map<Long, SymbolInfo> result, List<Long> wanted, Path file, Path module,
                                             long delta) {
        ElfSymbolTable functions = ElfSymbolTable.read(file);
        ElfSymbolTable mini = null;
        for (long a : wanted) {
            SymbolInfo found = result.get(a);
            if (found != null && (found.file() != null || functions.covers(a + delta))) continue;
            if (mini == null) mini = MiniDebugInfo.functions(module);
            Optional<String> name = mini.functionAt(a + delta);
            if (name.isPresent()) result.put(a, new SymbolInfo(name.get(), null, 0));
            else result.remove(a);
        }
    }

    /** The separate debug file of this build-id, when installed (same link-time addresses as the module). */
    private Optional<Path> separateDebugFile(String buildIdHex) {
        if (buildIdHex.length() < 4) return Optional.empty();
        Path debug = debugRoot.resolve(".build-id").resolve(buildIdHex.substring(0, 2))
            .resolve(buildIdHex.substring(2) + ".debug");
        return Files.isRegularFile(debug) ? Optional.of(debug) : Optional.empty();
    }

    private static Map<Long, SymbolInfo> run(String tool, Path file, long base, long offsetZeroVaddr, List<Long> addresses) {
        Map<String, Long> byQuery = new HashMap<>();
        StringBuilder input = new StringBuilder();
        for (long a : addresses) {
            String q = "0x" + Long.toHexString(a - base + offsetZeroVaddr - 1);
            byQuery.put(normalize(q), a);
            input.append(q).append('\n');
        }
        Process p;
        try {
            p = new ProcessBuilder(tool, "-a", "-f", "-C", "-i", "-e", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Map.of();
        }
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readLines(p));
        try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write(input.toString());
        } catch (IOException e) {
            p.destroy();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Map.of();
            }
            return parse(lines.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), byQuery);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            p.destroyForcibly();
            return Map.of();
        }
    }

    private static List<String> readLines(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Output per address: the address line ({@code -a}), then function/location
     * pairs, innermost inlined function first; the first pair is the answer.
     */
    static Map<Long, SymbolInfo> parse(List<String> lines, Map<String, Long> byQuery) {
        Map<Long, SymbolInfo> result = new HashMap<>();
        List<String> group = new ArrayList<>();
        Long current = null;
        for (String line : lines) {
            Long address = line.startsWith("0x") ? byQuery.get(normalize(line.trim())) : null;
            if (address != null) {
                add(result, current, group);
                current = address;
                group.clear();
            } else {
                group.add(line);
            }
        }
        add(result, current, group);
        return result;
    }

    private static void add(Map<Long, SymbolInfo> result, Long address, List<String> group) {
        if (address == null || group.size() < 2) return;
        String function = group.get(0).trim();
        int inlined = function.indexOf(" inlined at ");
        if (inlined >= 0) function = function.substring(0, inlined);
        if (function.isEmpty() || function.equals("??")) return;
        String location = group.get(1).trim();
        int discriminator = location.indexOf(" (discriminator");
        if (discriminator >= 0) location = location.substring(0, discriminator);
        String fileName = null;
        int line = 0;
        String[] parts = location.split(":");
        if (parts.length >= 2 && !parts[0].equals("??")) {
            fileName = parts[0];
            try {
                line = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                line = 0;
            }
        }
        result.put(address, new SymbolInfo(function, fileName, line));
    }

    private static String normalize(String hex) {
        try {
            return Long.toHexString(Long.parseUnsignedLong(hex.substring(2), 16));
        } catch (NumberFormatException e) {
            return hex;
        }
    }
}
