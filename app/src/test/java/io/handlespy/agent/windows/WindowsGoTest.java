package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.handlespy.cli.CliRun;
import io.handlespy.protocol.Frame;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.WinePaths;

/**
 * goleaks.exe, a real Go program (Go runtime threads, goroutines, Go's own
 * SuspendThread preemption, system calls on the Go system stack), under the
 * x64 helper in Wine: launched and attached, its leaks named by the Go
 * functions that made them, its output and exit code unchanged, and a Go
 * server that keeps serving through repeated attach/detach cycles.
 */
@ExtendWith(Wine.class)
class WindowsGoTest {
    private static final int EXIT_CODE = 7;

    static Map<String, Integer> expectedLeaks() {
        Map<String, Integer> m = new TreeMap<>();
        m.put("main.leakEvents Event", 5);
        m.put("main.leakMoreEvents Event", 4);
        m.put("main.leakFiles File", 3);
        return m;
    }

    /** Go's way into the OS: frames between a Go function and the DLL it calls. */
    private static final Pattern SYSCALL_PATH =
        Pattern.compile("syscall\\..*|runtime\\.(asmstdcall|asmcgocall|cgocall|stdcall\\d*|syscall_\\w+)(\\.abi0)?");

    /**
     * Leaks by the Go function that made the call (the innermost frame of the
     * program past Go's system-call path), those of package main only: the Go
     * runtime's own handles (an event per thread) are named by runtime functions.
     */
    private static Map<String, Integer> goLeaks(Recorded r, Wine.Prefix wine) {
        Map<String, Integer> all = LeakTable.byOwnFunction(r, "goleaks.exe",
            new PeSymbolizer(new WinePaths(wine.dir()), Optional.empty()), f -> !SYSCALL_PATH.matcher(f).matches());
        Map<String, Integer> mine = new TreeMap<>(all);
        mine.keySet().removeIf(k -> !k.startsWith("main.") || k.startsWith("main.main "));
        return mine;
    }

    @Test
    void launchedGoProgramIsRecordedToItsExitWithLeaksByGoFunction(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        InjectorRun run = InjectorRun.run(wine, Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out),
            "--", Wine.windowsPath(Binaries.X64.testProgram("goleaks")), "--exit", Integer.toString(EXIT_CODE)), 120);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(EXIT_CODE);
        assertThat(run.stdout()).contains("leaked");
        Recorded r = Recorded.read(out);
        assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason, Frame.Goodbye::message)
            .containsExactly(2, "exit code " + EXIT_CODE);
        assertThat(r.all(Frame.Dropped.class)).isEmpty();
        assertThat(goLeaks(r, wine)).isEqualTo(expectedLeaks());
    }

    @Test
    void recordThroughTheCliPassesTheGoProgramsExitCodeThrough(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("go.mv.db");
        CliRun record = CliRun.of("record", "--wine", "--out", recording.toString(), "--",
            Binaries.X64.testProgram("goleaks").toString(), "--exit", "9");
        assertThat(record.exitCode()).as(record.err()).isZero();
        assertThat(record.err()).contains("exit code 9");
        CliRun info = CliRun.of("info", recording.toString(), "--format", "json");
        assertThat(info.exitCode()).as(info.err()).isZero();
        JsonNode fields = new ObjectMapper().readTree(info.out());
        assertThat(fields.get("endReason").asText()).contains("exit code 9");
        // Wine 8's ntdll lacks about half of the functions the agent hooks on Windows: each is listed, with why
        List<String> notHooked = new ArrayList<>();
        fields.get("notHooked").forEach(n -> notHooked.add(n.asText()));
        assertThat(notHooked).contains("NtCreateCpuPartition (not exported by ntdll)", "NtAlpcConnectPort (not exported by ntdll)")
            .noneMatch(n -> n.startsWith("NtCreateEvent ") || n.startsWith("NtClose "));
        assertThat(fields.get("notes").toString()).doesNotContain("not hooked:").contains("hooks installed:");
    }

    @Test
    void attachByPidFindsTheGoLeaksAndTheProgramRunsOn(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path go = dir.resolve("go"), hold = dir.resolve("hold");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("goleaks"),
                List.of("--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)))) {
            Recorded r = target.attachWhileItLeaks(wine, go, dir);
            assertThat(r.goodbye()).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
            assertThat(goLeaks(r, wine)).isEqualTo(expectedLeaks());
            assertThat(target.isAlive()).isTrue();
            Target.touch(hold);
            assertThat(target.awaitExit(60)).isEqualTo(EXIT_CODE);
        }
    }

    @Test
    void goServerKeepsServingThroughRepeatedAttachAndDetach(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        try (Target server = Target.start(wine, Binaries.X64.testProgram("goleaks"), List.of("--serve"))) {
            long pid = server.windowsPid();
            int port = Integer.parseInt(server.awaitLine("port ", 60).substring(5));
            assertThat(echo(port, "before")).isEqualTo("echo before");
            for (int cycle = 1; cycle <= 5; cycle++) {
                Path out = dir.resolve("cycle" + cycle + ".bin"), control = dir.resolve("control" + cycle);
                Process injector = InjectorRun.start(wine, Binaries.X64.injector(), List.of("attach", Long.toString(pid),
                    "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
                Target.awaitHooks(out, injector, 120);
                assertThat(echo(port, "hooked " + cycle)).isEqualTo("echo hooked " + cycle);
                Target.touch(control);
                InjectorRun run = InjectorRun.finish(injector, 120);

                assertThat(run.exitCode()).as("cycle %d: %s", cycle, run.stderr()).isZero();
                Recorded r = Recorded.read(out);
                assertThat(r.goodbye()).as("cycle %d", cycle).get().extracting(Frame.Goodbye::reason).isEqualTo(1);
                // the server's goroutines create and close events all the time: every cycle records some
                assertThat(r.all(Frame.Create.class)).as("cycle %d", cycle)
                    .anySatisfy(c -> assertThat(r.typeName(c.type())).isEqualTo("Event"));
                assertThat(echo(port, "detached " + cycle)).isEqualTo("echo detached " + cycle);
                assertThat(server.isAlive()).isTrue();
            }
        }
    }

    /** One line to the Go server on the loopback interface and its answer. */
    private static String echo(int port, String line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            w.println(line);
            return in.readLine();
        }
    }
}
