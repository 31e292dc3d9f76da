package io.handlespy.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's python3 running subprocess.run 40 times: its children are vfork()ed and share its memory until they
 * exec. Only the 20 files the script keeps open are leaks, no pipe of the children's plumbing is, and the script
 * prints what it prints without HandleSpy.
 */
class LinuxPythonTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int PIPE = 67;

    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    private static String script() {
        return LinuxAgent.program("subprocess_leak.py");
    }

    /** leak-00.txt … leak-19.txt in {@code files}, once each. */
    private static Map<String, Integer> twentyFiles(Path files) {
        return IntStream.range(0, 20).mapToObj(i -> files.resolve(String.format("leak-%02d.txt", i)).toString())
            .collect(toMap(p -> p, p -> 1, Integer::sum, TreeMap::new));
    }

    private Path freshDir(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    @Test
    void launchedFindsExactlyTheTwentyFilesNoPipeAndTheScriptsOutputIsUnchanged() throws Exception {
        Path plainFiles = freshDir("plain");
        Process plain = new ProcessBuilder(PYTHON, script(), plainFiles.toString()).start();
        String expected = LinuxAgent.text(plain.getInputStream());
        assertThat(plain.waitFor()).isZero();

        Path files = freshDir("files"), events = dir.resolve("events.bin"), stdout = dir.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(LinuxAgent.launchCommand(events, List.of(), PYTHON, script(),
            files.toString()));
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(events.resolveSibling("events.bin.stderr").toFile());
        LinuxAgent.Run run = LinuxAgent.finish(pb.start(), events, 120);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Files.readString(stdout)).isEqualTo(expected).contains("sum to 780, 20 files kept open");
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(leakedByName(tally, files)).isEqualTo(twentyFiles(files));
        assertThat(tally.leaks()).noneMatch(l -> l.type() == PIPE);
        assertThat(tally.dropped()).isZero();
    }

    @Test
    void attachedByPidFindsExactlyTheTwentyFilesAndNoPipe() throws Exception {
        Path files = freshDir("files");
        target = RunningProgram.start(PYTHON, script(), files.toString(), "--wait");
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, "ready"::equals);

        Path recording = dir.resolve("python.mv.db");
        CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() ->
            CliRun.ok("record", "--pid", Long.toString(target.pid()), "--out", recording.toString()));
        LinuxCliTest.awaitHookLoaded(target.pid());
        target.send("go");
        assertThat(LinuxAgent.awaitLine(out, l -> l.startsWith("ran "))).endsWith("sum to 780, 20 files kept open");
        LinuxAgent.awaitLine(out, "done"::equals);
        target.in().close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();

        assertThat(record.get(60, TimeUnit.SECONDS).err()).contains("the target exited");
        JsonNode leaks = new ObjectMapper().readTree(CliRun.ok("leaks", recording.toString(), "--format", "json").out());
        Map<String, Integer> byName = new TreeMap<>();
        int pipes = 0;
        for (JsonNode group : leaks.get("groups")) {
            for (JsonNode handle : group.get("handles")) {
                if (handle.get("name").asText().startsWith(files.toString())) {
                    byName.merge(handle.get("name").asText(), 1, Integer::sum);
                }
                if (handle.get("type").asText().equals("pipe")) pipes++;
            }
        }
        assertThat(byName).isEqualTo(twentyFiles(files));
        assertThat(pipes).isZero();
    }

    private static Map<String, Integer> leakedByName(LeakTally tally, Path files) {
        Map<String, Integer> byName = new TreeMap<>();
        tally.leaks().stream().filter(l -> l.name().startsWith(files.toString()))
            .forEach(l -> byName.merge(l.name(), 1, Integer::sum));
        return byName;
    }


}
