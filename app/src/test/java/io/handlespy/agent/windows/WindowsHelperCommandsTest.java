package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.SymbolInfo;
import io.handlespy.symbols.WineHelperSymbolizer;
import io.handlespy.symbols.WinePaths;

/** The helper's ps and symbolize commands and its error exits, under Wine. */
@ExtendWith(Wine.class)
class WindowsHelperCommandsTest {

    @Test
    void psListsARunningTargetWithItsWindowsPid(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path hold = dir.resolve("hold");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--go", Wine.windowsPath(dir.resolve("never")), "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            InjectorRun ps = InjectorRun.run(wine, Binaries.X64.injector(), List.of("ps"), 60);

            assertThat(ps.exitCode()).isZero();
            String line = Arrays.stream(ps.stdout().split("\r?\n")).filter(l -> l.startsWith(pid + "\t")).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not in\n" + ps.stdout()));
            String[] f = line.split("\t", -1);
            assertThat(f).hasSize(6);
            assertThat(f[1]).isEqualTo("x64");
            assertThat(f[3]).as("Wine does not report handle counts").isEqualTo("-1");
            assertThat(f[4]).isEqualTo("win-leaks.exe");
            assertThat(f[5]).contains("win-leaks.exe").contains("--hold");
        }
    }

    @Test
    void symbolizeResolvesTheProgramsDwarfThroughDbghelp(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("win-leaks"))), 180);
        assertThat(run.exitCode()).isEqualTo(3);
        Recorded r = Recorded.read(out);
        Frame.ModuleLoad exe = r.all(Frame.ModuleLoad.class).stream().filter(m -> m.path().endsWith("win-leaks.exe"))
            .findFirst().orElseThrow();
        ModuleRef module = new ModuleRef(exe.path(), exe.base(), exe.size(), exe.debugIdKind(), "");
        int eventsApi = r.apis().entrySet().stream().filter(e -> e.getValue().equals("NtCreateEvent")).findFirst().orElseThrow().getKey();
        // the innermost frame in the program: its own code, which carries DWARF 4 (the
        // mingw CRT startup code does not, and Wine's dbghelp reads only DWARF 4)
        Set<Long> callers = r.all(Frame.Create.class).stream().filter(c -> c.api() == eventsApi)
            .flatMap(c -> r.all(Frame.Stack.class).stream().filter(s -> s.stackId() == c.stackId()))
            .flatMap(s -> Arrays.stream(s.frames()).boxed().filter(module::contains).limit(1))
            .collect(Collectors.toSet());

        Map<Long, SymbolInfo> dbghelp = new WineHelperSymbolizer(Binaries.X64.injector(), true,
            Map.of("WINEPREFIX", wine.dir().toString())).resolve(module, callers);
        Map<Long, SymbolInfo> binutils = new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()).resolve(module, callers);

        assertThat(dbghelp).containsOnlyKeys(callers);
        assertThat(binutils).containsOnlyKeys(callers);
        assertThat(dbghelp.values()).extracting(SymbolInfo::function)
            .contains("leak_events", "balanced_everything", "leak_duplicates", "leak_duplicates_closing_source");
        assertThat(dbghelp.values()).allSatisfy(s -> {
            assertThat(s.file()).endsWith("win_leaks.c");
            assertThat(s.line()).isPositive();
        });
        for (long a : callers) {
            assertThat(dbghelp.get(a).function()).as("0x%x", a).isEqualTo(binutils.get(a).function());
            assertThat(dbghelp.get(a).line()).as("0x%x", a).isEqualTo(binutils.get(a).line());
        }
    }

    @Test
    void errorsExitWithTheDocumentedCodesAndOneSentence(Wine.Prefix wine) throws Exception {
        Path injector = Binaries.X64.injector();
        InjectorRun noPid = InjectorRun.run(wine, injector, List.of("attach", "999999"), 60);
        assertThat(noPid.exitCode()).isEqualTo(3);
        assertThat(noPid.stderr().strip()).isEqualTo("no process with id 999999 (check `handlespy ps`)");

        InjectorRun badPid = InjectorRun.run(wine, injector, List.of("attach", "twelve"), 60);
        assertThat(badPid.exitCode()).isEqualTo(2);
        assertThat(badPid.stderr()).contains("numeric process id");

        InjectorRun noCommand = InjectorRun.run(wine, injector, List.of("launch", "--"), 60);
        assertThat(noCommand.exitCode()).isEqualTo(2);

        InjectorRun x86 = InjectorRun.run(wine, injector,
            List.of("launch", "--", Wine.windowsPath(new Binaries("windows-x86").testProgram("win-leaks"))), 60);
        assertThat(x86.exitCode()).isEqualTo(4);
        assertThat(x86.stderr()).contains("different bitness").contains("windows-x86/handlespy-injector.exe");

        InjectorRun missing = InjectorRun.run(wine, injector, List.of("launch", "--", "Z:\\nonexistent\\nothing.exe"), 60);
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderr()).startsWith("cannot start Z:\\nonexistent\\nothing.exe: ");
    }

    @Test
    void closeStacksGiveEveryCloseItsStack(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.bin"), stacked = dir.resolve("stacked.bin");
        String program = Wine.windowsPath(Binaries.X64.testProgram("win-churn"));
        InjectorRun a = InjectorRun.run(wine, Binaries.X64.injector(),
            List.of("launch", "--output", Wine.windowsPath(plain), "--", program, "50"), 120);
        InjectorRun b = InjectorRun.run(wine, Binaries.X64.injector(),
            List.of("launch", "--output", Wine.windowsPath(stacked), "--close-stacks", "--drop", "--", program, "50"), 120);
        assertThat(a.exitCode()).isEqualTo(7);
        assertThat(b.exitCode()).isEqualTo(7);

        assertThat(Recorded.read(plain).all(Frame.Close.class)).isNotEmpty().allSatisfy(c -> assertThat(c.stackId()).isZero());
        Recorded r = Recorded.read(stacked);
        Set<Integer> stackIds = r.all(Frame.Stack.class).stream().map(Frame.Stack::stackId).collect(Collectors.toSet());
        assertThat(r.all(Frame.Close.class)).hasSizeGreaterThanOrEqualTo(200)
            .allSatisfy(c -> assertThat(stackIds).contains(c.stackId()));
    }
}
