package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.handlespy.cli.CliRun;

/**
 * The whole product path for a Windows program on Linux: {@code handlespy record
 * --wine} launches win-leaks.exe under the helper into an H2 recording, and
 * {@code handlespy leaks --format json} names every leak by function and type;
 * the same when attaching to the program by its Windows PID.
 */
@ExtendWith(Wine.class)
class WindowsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordAndLeaksThroughTheCli(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("win-leaks.mv.db");
        Path program = Binaries.X64.testProgram("win-leaks");
        CliRun record = CliRun.of("record", "--wine", "--out", recording.toString(), "--", program.toString());
        assertThat(record.exitCode()).as(record.err()).isZero();
        assertThat(record.err()).contains("exit code 3");

        CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json");
        assertThat(leaks.exitCode()).as(leaks.err()).isZero();
        assertThat(leaksByFunction(leaks.out())).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());
        // every stack starts at the hooked call's caller: none of the agent's own frames are shown
        for (JsonNode group : JSON.readTree(leaks.out()).get("groups")) {
            assertThat(group.get("stack").get(0).get("module").asText()).doesNotEndWith("handlespy-hook.dll");
        }
    }

    @Test
    void recordByWindowsPidThroughTheCli(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("attached.mv.db"), hold = dir.resolve("hold");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--wait-hooked", "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() -> CliRun.of("record", "--wine",
                "--pid", Long.toString(pid), "--duration", "12", "--out", recording.toString()));
            target.awaitLine("leaked", 120);
            CliRun done = record.get(180, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.err()).isZero();
            assertThat(target.isAlive()).isTrue();

            CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json");
            assertThat(leaks.exitCode()).as(leaks.err()).isZero();
            assertThat(leaksByFunction(leaks.out())).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());
            Target.touch(hold);
            assertThat(target.awaitExit(60)).isEqualTo(3);
        }
    }

    static Map<String, Integer> leaksByFunction(String json) throws Exception {
        Map<String, Integer> byFunction = new TreeMap<>();
        for (JsonNode group : JSON.readTree(json).get("groups")) {
            String function = programFunction(group);
            if (function == null || function.equals("warm_up")) continue;
            group.get("types").fields().forEachRemaining(t -> byFunction.merge(function + " " + t.getKey(), t.getValue().asInt(), Integer::sum));
        }
        return byFunction;
    }

    /** The innermost frame of the group's stack inside win-leaks.exe, or null. */
    private static String programFunction(JsonNode group) {
        for (JsonNode f : group.get("stack")) {
            if (f.get("module").asText().toLowerCase(Locale.ROOT).endsWith("win-leaks.exe")) return f.get("function").asText();
        }
        return null;
    }
}
