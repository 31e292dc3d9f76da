package io.handlespy.symbols;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Symbolizes addresses in a real test program (PIE, DWARF 5) as if it were mapped at an ASLR base. */
class ElfSymbolizerTest {
    private static final Path FDLEAK = Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"),
        "linux-x86_64", "fdleak");
    private static final long BASE = 0x5555_1234_0000L;

    /** The link-time address of a function, from binutils' nm. */
    private static long symbol(String name) throws Exception {
        Process p = new ProcessBuilder("nm", FDLEAK.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(l -> l.split(" ")).filter(f -> f.length == 3 && f[2].equals(name))
            .mapToLong(f -> Long.parseUnsignedLong(f[0], 16)).findFirst().orElseThrow();
    }

    private static ModuleRef module(String buildId) {
        return new ModuleRef(FDLEAK.toString(), BASE, 1 << 20, 2, buildId);
    }

    private static String buildId() {
        return ElfImage.read(FDLEAK).orElseThrow().buildIdHex();
    }

    @Test
    void resolvesReturnAddressesToFunctionFileAndLine() throws Exception {
        long inLeakEventfd = BASE + symbol("leak_eventfd") + 8;
        long inBalanced = BASE + symbol("balanced") + 12;

        Map<Long, SymbolInfo> r = new ElfSymbolizer().resolve(module(buildId()), List.of(inLeakEventfd, inBalanced));

        assertThat(r).hasSize(2);
        assertThat(r.get(inLeakEventfd).function()).isEqualTo("leak_eventfd");
        assertThat(r.get(inLeakEventfd).file()).endsWith("test-programs/linux/fdleak.c");
        List<String> source = java.nio.file.Files.readAllLines(Path.of(r.get(inLeakEventfd).file()));
        int definition = source.indexOf("NOINLINE static void leak_eventfd(void) {") + 1;
        assertThat(definition).isPositive();
        assertThat(r.get(inLeakEventfd).line()).isBetween(definition, definition + 2);
        assertThat(r.get(inBalanced).function()).isEqualTo("balanced");
    }

    @Test
    void buildIdIsTwentyBytesOfHex() {
        assertThat(buildId()).hasSize(40).matches("[0-9a-f]+");
    }

    @Test
    void aDifferentBuildIdResolvesNothing() throws Exception {
        long address = BASE + symbol("leak_eventfd") + 8;
        assertThat(new ElfSymbolizer().resolve(module("00".repeat(20)), List.of(address))).isEmpty();
    }

    @Test
    void addressesOutsideTheModuleOrWithoutSymbolsAreAbsent() throws Exception {
        long inside = BASE + symbol("leak_eventfd") + 8;
        long outside = BASE - 16;
        long noCode = BASE + (1 << 19);
        Map<Long, SymbolInfo> r = new ElfSymbolizer().resolve(module(buildId()), List.of(inside, outside, noCode));
        assertThat(r).containsOnlyKeys(inside);
    }

    @Test
    void aMissingFileOrToolAnswersLessAndNeverThrows() throws Exception {
        long address = BASE + symbol("leak_eventfd") + 8;
        ModuleRef gone = new ModuleRef("/nonexistent/libgone.so", BASE, 1 << 20, 0, "");
        assertThat(new ElfSymbolizer().resolve(gone, List.of(address))).isEmpty();
        assertThat(new ElfSymbolizer(List.of("/nonexistent/addr2line")).resolve(module(buildId()), List.of(address)))
            .isEmpty();
    }

    @Test
    void fallsBackToElfutilsWhenBinutilsIsMissing() throws Exception {
        long address = BASE + symbol("leak_eventfd") + 8;
        Map<Long, SymbolInfo> r = new ElfSymbolizer(List.of("/nonexistent/addr2line", "eu-addr2line"))
            .resolve(module(buildId()), List.of(address));
        assertThat(r.get(address).function()).isEqualTo("leak_eventfd");
        assertThat(r.get(address).file()).endsWith("fdleak.c");
    }

    @Test
    void parsesInlinedFramesTakingTheInnermostFunction() {
        Map<String, Long> byQuery = Map.of("27305", 42L, "1189", 7L);
        Map<Long, SymbolInfo> r = ElfSymbolizer.parse(List.of(
            "0x0000000000027305",
            "call_init inlined at ./csu/../csu/libc-start.c:347:5 in __libc_start_main@@GLIBC_2.34",
            "./csu/../csu/libc-start.c:128:20",
            "__libc_start_main@@GLIBC_2.34",
            "./csu/../csu/libc-start.c:347:5",
            "0x0000000000001189",
            "??",
            "??:0"), byQuery);
        assertThat(r).containsOnly(Map.entry(42L, new SymbolInfo("call_init", "./csu/../csu/libc-start.c", 128)));
    }

    /**
     * Debian's python3.11 is stripped: only exported functions have symbols. An address between two of them (in a
     * static function) has no name to give, and shows as python3.11+0xOFFSET instead of the exported one before it.
     */
    @Test
    void inAStrippedBinaryAnAddressOutsideEveryFunctionsExtentGetsNoName() throws Exception {
        Path python = Path.of("/usr/bin/python3.11");
        Process p = new ProcessBuilder("nm", "-D", "-S", "--defined-only", python.toString()).start();
        List<long[]> functions = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
            .map(l -> l.split(" ")).filter(f -> f.length == 4 && (f[2].equals("T") || f[2].equals("W")))
            .map(f -> new long[] {Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16)})
            .sorted(java.util.Comparator.comparingLong(f -> f[0])).toList();
        p.waitFor();
        long gap = 0;
        for (int i = 0; i + 1 < functions.size() && gap == 0; i++) {
            long end = functions.get(i)[0] + functions.get(i)[1], next = functions.get(i + 1)[0];
            if (next - end >= 256) gap = end + (next - end) / 2;
        }
        assertThat(gap).isPositive();
        ElfImage image = ElfImage.read(python).orElseThrow();
        long base = 0x7f00_0000_0000L;
        ModuleRef module = new ModuleRef(python.toString(), base, 64L << 20, 2, image.buildIdHex());
        long inGap = base + gap - image.offsetZeroVaddr() + 1;
        long inMain = base + symbolIn(python, "Py_BytesMain") - image.offsetZeroVaddr() + 1;

        Map<Long, SymbolInfo> r = new ElfSymbolizer().resolve(module, List.of(inGap, inMain));

        assertThat(r).containsOnlyKeys(inMain);
        assertThat(r.get(inMain).function()).isEqualTo("Py_BytesMain");
    }

    private static long symbolIn(Path file, String name) throws Exception {
        Process p = new ProcessBuilder("nm", "-D", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(l -> l.split(" ")).filter(f -> f.length == 3 && f[2].equals(name))
            .mapToLong(f -> Long.parseUnsignedLong(f[0], 16)).findFirst().orElseThrow();
    }

    /** A stripped module whose separate debug file is installed under the build-id directory, as -dbgsym packages do. */
    @Test
    void aStrippedModuleIsSymbolizedFromItsDebugFileUnderTheBuildIdDirectory(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path stripped = dir.resolve("fdleak"), debugRoot = dir.resolve("debug");
        String id = buildId();
        Path debug = debugRoot.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
        java.nio.file.Files.createDirectories(debug.getParent());
        run("objcopy", "--only-keep-debug", FDLEAK.toString(), debug.toString());
        run("strip", "--strip-all", "-o", stripped.toString(), FDLEAK.toString());
        long address = BASE + symbol("leak_eventfd") + 8;
        ModuleRef module = new ModuleRef(stripped.toString(), BASE, 1 << 20, 2, id);

        assertThat(new ElfSymbolizer(List.of("addr2line"), dir.resolve("elsewhere")).resolve(module, List.of(address)))
            .isEmpty();
        Map<Long, SymbolInfo> r = new ElfSymbolizer(List.of("addr2line"), debugRoot).resolve(module, List.of(address));
        assertThat(r.get(address).function()).isEqualTo("leak_eventfd");
        assertThat(r.get(address).file()).endsWith("test-programs/linux/fdleak.c");
    }

    /**
     * Fedora's MiniDebugInfo, made as its build does (gdb manual, "MiniDebugInfo"): the module is stripped of
     * everything, and the function symbols .dynsym does not export go, xz-compressed, into .gnu_debugdata.
     * binutils' addr2line ignores that section: without it the static functions would have no name.
     */
    @Test
    void aStrippedModuleWithMiniDebugInfoNamesItsStaticFunctions(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path stripped = dir.resolve("fdleak"), debug = dir.resolve("fdleak.debug"), mini = dir.resolve("mini");
        java.util.Set<String> exported = nmNames("-D", "--format=posix", "--defined-only", FDLEAK.toString());
        List<String> keep = nmLines("--format=posix", "--defined-only", FDLEAK.toString()).stream()
            .map(l -> l.split(" ")).filter(f -> f.length >= 2 && List.of("T", "t", "D").contains(f[1]))
            .map(f -> f[0]).filter(n -> !exported.contains(n)).sorted().toList();
        assertThat(keep).contains("leak_eventfd", "balanced");
        java.nio.file.Files.write(dir.resolve("keep_symbols"), keep);
        run("objcopy", "--only-keep-debug", FDLEAK.toString(), debug.toString());
        run("objcopy", "-S", "--remove-section", ".gdb_index", "--remove-section", ".comment",
            "--keep-symbols=" + dir.resolve("keep_symbols"), debug.toString(), mini.toString());
        run("strip", "--strip-all", "-R", ".comment", "-o", stripped.toString(), FDLEAK.toString());
        run("xz", mini.toString());
        run("objcopy", "--add-section", ".gnu_debugdata=" + mini + ".xz", stripped.toString());
        assertThat(nmLines(stripped.toString())).isEmpty();

        long inLeakEventfd = BASE + symbol("leak_eventfd") + 8;
        long inBalanced = BASE + symbol("balanced") + 12;
        long betweenFunctions = BASE + gapBetweenFunctions() + 1;
        ModuleRef module = new ModuleRef(stripped.toString(), BASE, 1 << 20, 2, buildId());
        Map<Long, SymbolInfo> r = new ElfSymbolizer(List.of("addr2line"), dir.resolve("no-debug-root"))
            .resolve(module, List.of(inLeakEventfd, inBalanced, betweenFunctions));

        assertThat(r).containsOnly(
            Map.entry(inLeakEventfd, new SymbolInfo("leak_eventfd", null, 0)),
            Map.entry(inBalanced, new SymbolInfo("balanced", null, 0)));
    }

    /** A link-time address in fdleak's code that no function's extent holds (the padding after a function). */
    private static long gapBetweenFunctions() throws Exception {
        List<long[]> functions = nmLines("-S", "--defined-only", FDLEAK.toString()).stream().map(l -> l.split(" "))
            .filter(f -> f.length == 4 && (f[2].equals("T") || f[2].equals("t")))
            .map(f -> new long[] {Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16)})
            .sorted(java.util.Comparator.comparingLong(f -> f[0])).toList();
        for (int i = 0; i + 1 < functions.size(); i++) {
            long end = functions.get(i)[0] + functions.get(i)[1];
            if (functions.get(i + 1)[0] - end >= 2) return end;
        }
        throw new AssertionError("no padding between fdleak's functions");
    }

    private static java.util.Set<String> nmNames(String... args) throws Exception {
        return nmLines(args).stream().map(l -> l.split(" ")[0]).collect(java.util.stream.Collectors.toSet());
    }

    private static List<String> nmLines(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("nm"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        return lines;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
