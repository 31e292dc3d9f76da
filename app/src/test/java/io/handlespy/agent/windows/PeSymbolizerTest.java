package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.PeFile;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.WinePaths;

/** The Linux-side Windows symbolizer on the real mingw-built test programs, no Wine needed. */
class PeSymbolizerTest {
    private static final Binaries X86 = new Binaries("windows-x86");

    @Test
    void winePathsMapDrivesZAndCAndNothingElse(@TempDir Path prefix) throws Exception {
        Path dll = prefix.resolve("drive_c/windows/system32/kernel32.dll");
        Files.createDirectories(dll.getParent());
        Files.writeString(dll, "");
        WinePaths paths = new WinePaths(prefix);

        assertThat(paths.toHost("Z:\\tmp\\a b\\x.exe")).contains(Path.of("/tmp/a b/x.exe"));
        assertThat(paths.toHost("\\\\?\\Z:\\opt\\y.dll")).contains(Path.of("/opt/y.dll"));
        assertThat(paths.toHost("\\??\\z:\\opt\\y.dll")).contains(Path.of("/opt/y.dll"));
        assertThat(paths.toHost("C:\\Windows\\System32\\KERNEL32.dll")).contains(dll);
        assertThat(paths.toHost("D:\\data\\z.exe")).isEmpty();
        assertThat(paths.toHost("relative\\z.exe")).isEmpty();
    }

    @Test
    void peHeadersGiveMachineAndImageBase(@TempDir Path dir) throws Exception {
        assertThat(PeFile.read(Binaries.X64.testProgram("win-leaks")))
            .contains(new PeFile(PeFile.MACHINE_AMD64, 0x140000000L));
        assertThat(PeFile.read(X86.testProgram("win-leaks"))).get()
            .extracting(PeFile::machine).isEqualTo(PeFile.MACHINE_I386);
        Path text = Files.writeString(dir.resolve("not-pe.exe"), "MZ but nothing else");
        assertThat(PeFile.read(text)).isEmpty();
        assertThat(PeFile.read(dir.resolve("missing.exe"))).isEmpty();
    }

    @Test
    void relocatedX86ModuleResolvesThroughTheImageBase() {
        Path exe = X86.testProgram("win-leaks");
        long imageBase = PeFile.read(exe).orElseThrow().imageBase();
        long loadedAt = 0x10000000L;
        List<Long> addresses = new ArrayList<>();
        for (long rva = 0x1000; rva < 0x3000; rva += 4) addresses.add(loadedAt + rva);
        ModuleRef module = new ModuleRef(Wine.windowsPath(exe), loadedAt, 0x100000, 0, "");

        Map<Long, SymbolInfo> found = new PeSymbolizer(new WinePaths(Path.of("/nonexistent")), Optional.empty())
            .resolve(module, addresses);

        assertThat(imageBase).isNotEqualTo(loadedAt);
        assertThat(found.values()).filteredOn(s -> "leak_events".equals(s.function()))
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.file()).endsWith("win_leaks.c"));
    }

    @Test
    void unreachableModulesGoToTheFallbackAndNeverThrow() {
        ModuleRef elsewhere = new ModuleRef("D:\\app\\lib.dll", 0x180000000L, 0x10000, 0, "");
        List<Long> asked = new ArrayList<>();
        PeSymbolizer withFallback = new PeSymbolizer(new WinePaths(Path.of("/nonexistent")), Optional.of((m, a) -> {
            asked.addAll(a);
            return Map.of(0x180001000L, new SymbolInfo("from_dbghelp", null, 0));
        }));

        assertThat(withFallback.resolve(elsewhere, List.of(0x180001000L, 0x180002000L)))
            .containsOnlyKeys(0x180001000L);
        assertThat(asked).containsExactly(0x180001000L, 0x180002000L);
        assertThat(new PeSymbolizer(new WinePaths(Path.of("/nonexistent")), Optional.empty())
            .resolve(elsewhere, List.of(0x180001000L))).isEmpty();
    }
}
