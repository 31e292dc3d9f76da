package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.handlespy.cli.CliRun;
import io.handlespy.store.LoadedModule;
import io.handlespy.store.Recording;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.WinePaths;

/**
 * The debug info real Windows users' binaries carry, through the whole product
 * path ({@code record --wine}, then {@code leaks --format json}): a clang + lld
 * build with CodeView in a .pdb, which only dbghelp (the helper's symbolize under
 * Wine) reads; and a GCC 12 build with DWARF 5, which Wine's dbghelp cannot read,
 * on a drive other than C: and Z:, found through Wine's drive map and read by
 * mingw binutils. Every leaking function and the line of its call are exact; a
 * module without usable debug info is named in a note.
 */
@ExtendWith(Wine.class)
class WindowsDebugInfoTest {

    @Test
    void pdbOfAClangBuildResolvesFunctionsAndCallLinesThroughDbghelp(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path exe = Binaries.X64.testProgram("win-names-pdb");
        Path recording = dir.resolve("pdb.mv.db"), files = Files.createDirectory(dir.resolve("files"));
        CliRun record = CliRun.of("record", "--wine", "--out", recording.toString(), "--", exe.toString(), Wine.windowsPath(files));
        assertThat(record.exitCode()).as(record.err()).isZero();

        JsonNode leaks = NamesProgram.leaks(recording);
        assertThat(callLines(leaks, "win-names-pdb.exe")).isEqualTo(NamesProgram.callLines());
        try (Recording r = Recording.open(recording)) {
            LoadedModule module = r.modules().stream().filter(m -> m.ref().path().endsWith("win-names-pdb.exe")).findFirst()
                .orElseThrow();
            assertThat(module.ref().debugIdKind()).isEqualTo(1);
            assertThat(module.ref().debugIdHex()).isEqualTo(PdbInfo.debugIdHex(exe.resolveSibling("win-names-pdb.pdb")));
            // the program's own code carries no DWARF (only the mingw CRT linked into it does): the names came from the PDB
            List<Long> sites = new ArrayList<>();
            for (JsonNode g : leaks.get("groups")) {
                for (JsonNode f : g.get("stack")) {
                    if (f.get("module").asText().endsWith("win-names-pdb.exe")) sites.add(Long.decode(f.get("address").asText()));
                }
            }
            Map<Long, SymbolInfo> binutils = new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty())
                .resolve(module.ref(), sites);
            assertThat(binutils.values()).extracting(SymbolInfo::function).doesNotContainAnyElementsOf(NamesProgram.callLines().keySet());
        }
    }

    @Test
    void dwarf5OnAnotherDriveResolvesThroughBinutilsAndStrippedModulesAreNamed(Wine.Prefix wine, @TempDir Path dir)
            throws Exception {
        Path drive = Files.createDirectory(dir.resolve("drive-d")), files = Files.createDirectory(dir.resolve("files"));
        Files.copy(Binaries.X64.testProgram("win-names-dwarf5"), drive.resolve("win-names-dwarf5.exe"));
        Path stripped = drive.resolve("win-names-stripped.exe");
        Files.copy(Binaries.X64.testProgram("win-names-dwarf5"), stripped);
        Process strip = new ProcessBuilder("x86_64-w64-mingw32-strip", "--strip-debug", stripped.toString()).inheritIO().start();
        assertThat(strip.waitFor()).isZero();
        Path link = wine.dir().resolve("dosdevices/d:");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, drive);
        try {
            Path dwarf5 = dir.resolve("dwarf5.mv.db"), none = dir.resolve("stripped.mv.db");
            CliRun a = CliRun.of("record", "--wine", "--out", dwarf5.toString(), "--", "D:\\win-names-dwarf5.exe",
                Wine.windowsPath(files));
            assertThat(a.exitCode()).as(a.err()).isZero();
            assertThat(a.err()).contains("exit code 5");
            JsonNode leaks = NamesProgram.leaks(dwarf5);
            assertThat(callLines(leaks, "win-names-dwarf5.exe")).isEqualTo(NamesProgram.callLines());

            CliRun b = CliRun.of("record", "--wine", "--out", none.toString(), "--", "D:\\win-names-stripped.exe",
                Wine.windowsPath(files));
            assertThat(b.exitCode()).as(b.err()).isZero();
            // shown as module+offset, which the leak report then names among the modules without symbols
            List<String> unnamed = new ArrayList<>();
            JsonNode report = NamesProgram.leaks(none);
            List<String> withoutSymbols = new ArrayList<>();
            report.get("modulesWithoutSymbols").forEach(m -> withoutSymbols.add(m.asText()));
            assertThat(withoutSymbols).contains("D:\\win-names-stripped.exe");
            for (JsonNode g : report.get("groups")) {
                for (JsonNode f : g.get("stack")) {
                    if (f.get("module").asText().equals("D:\\win-names-stripped.exe")) unnamed.add(f.get("function").asText());
                }
            }
            assertThat(unnamed).hasSizeGreaterThanOrEqualTo(NamesProgram.callLines().size()).containsOnly("null");
        } finally {
            Files.deleteIfExists(link);
        }
    }

    /** Each marked leaking function's call line, as the leak report names it (function and file checked too). */
    private static Map<String, Integer> callLines(JsonNode leaks, String exe) throws Exception {
        Map<String, Integer> marked = NamesProgram.callLines();
        Map<String, Integer> lines = new TreeMap<>();
        for (JsonNode g : leaks.get("groups")) {
            NamesProgram.CallSite site = NamesProgram.callSite(g, exe);
            if (site == null || !marked.containsKey(site.function())) continue;
            assertThat(site.file()).as(site.function()).endsWith("win_names.c");
            lines.put(site.function(), site.line());
        }
        assertThat(List.copyOf(lines.keySet())).isEqualTo(List.copyOf(marked.keySet()));
        return lines;
    }
}
