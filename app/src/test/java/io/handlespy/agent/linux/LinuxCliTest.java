package io.handlespy.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's path: {@code handlespy record} (launch and --pid), then {@code handlespy leaks --format json}. */
class LinuxCliTest {
    @TempDir Path dir;
    @AutoClose private RunningProgram target;



    /** Leaked handle count per innermost function of the create stack, from leaks --format json. */
    private static Map<String, Integer> leaksByFunction(Path recording) throws Exception {
        return leaksByPath(recording, 1);
    }

    /** Leaked handle count per path of the innermost {@code depth} functions ("inner<caller<…"). */
    private static Map<String, Integer> leaksByPath(Path recording, int depth) throws Exception {
        CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json");
        assertThat(leaks.code()).as(leaks.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(leaks.out());
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode g : root.get("groups")) {
            StringJoiner path = new StringJoiner("<");
            for (int i = 0; i < depth; i++) path.add(g.get("stack").get(i).get("function").asText());
            counts.merge(path.toString(), g.get("count").asInt(), Integer::sum);
        }
        return counts;
    }

    @Test
    void recordLaunchThenLeaksJsonCountsEveryKindPerFunction() throws Exception {
        Path recording = dir.resolve("fdleak.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("fdleak"));

        assertThat(record.code()).as(record.err()).isZero();
        assertThat(leaksByFunction(recording)).isEqualTo(Expected.of("fdleak"));
    }

    /** The hook remembers the stack of a call site it saw before; paths that share the site must stay apart. */
    @Test
    void recordLaunchTellsApartPathsThatReachOneCallSiteAtTheSameDepth() throws Exception {
        Path recording = dir.resolve("samesite.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("samesite"));

        assertThat(record.code()).as(record.err()).isZero();
        assertThat(leaksByPath(recording, 4)).isEqualTo(Map.of(
            "open_here<path_a<outer_c<main", 4,
            "open_here<path_a<outer_d<main", 3,
            "open_here<path_b<outer_e<main", 5));
    }

    @Test
    void recordLaunchReportsTheTargetsExitCodeAndFollowsItsExec() throws Exception {
        Path recording = dir.resolve("forkexec.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("forkexec"), "--reexec");

        assertThat(record.code()).as(record.err()).isZero();
        assertThat(record.err()).contains("the target exited (exit code 7)");
        assertThat(leaksByFunction(recording)).isEqualTo(Map.of("parent_leak", 2, "before_exec", 1, "after_exec", 1));
    }

    @Test
    void recordByPidThenLeaksJsonCountsEveryKindPerFunctionAndTheTargetRunsOn() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("fdleak"), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path recording = dir.resolve("attach.mv.db");
        CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() ->
            CliRun.of("record", "--pid", Long.toString(target.pid()), "--out", recording.toString(), "--duration", "4"));
        awaitHookLoaded(target.pid());
        target.send("go");
        LinuxAgent.awaitLine(out, "done"::equals);

        CliRun result = record.get(60, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(leaksByFunction(recording)).isEqualTo(Expected.of("fdleak"));
        String alive = LinuxAgent.awaitLine(out, l -> l.startsWith("alive "));
        int n = Integer.parseInt(alive.substring(6));
        LinuxAgent.awaitLine(out, l -> l.equals("alive " + (n + 3)));
        target.in().close();
        assertThat(target.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /** A program that closes the hook's socket behind libc's back: record says the recording is incomplete. */
    @Test
    void recordFailsLoudlyWhenTheHookStopsRecordingWhileTheTargetRunsOn() throws Exception {
        Path recording = dir.resolve("rawclose.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("rawclose"));

        assertThat(record.code()).as(record.err()).isEqualTo(5);
        assertThat(record.err()).contains("the hook library in the target stopped recording");
        assertThat(leaksByFunction(recording)).isEqualTo(Map.of("before_close", 1));
        CliRun info = CliRun.of("info", recording.toString());
        assertThat(info.out()).contains("events after this point are missing");
    }

    /** The hook is mapped and has had time to connect and receive its configuration. */
    static void awaitHookLoaded(long pid) throws Exception {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(maps).contains("libhandlespy-hook.so")) {
            if (System.nanoTime() > deadline) throw new AssertionError("the hook library never loaded");
            Thread.sleep(20);
        }
        Thread.sleep(500);
    }
}
