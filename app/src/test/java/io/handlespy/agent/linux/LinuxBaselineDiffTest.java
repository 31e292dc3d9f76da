package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.cli.CliRun;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines and diffs across two builds of one program ({@code baseline-a}, and
 * {@code baseline-b} with a padding function in front): the same leaks sit at other
 * addresses, and must still match by function and line. Each build is installed as
 * {@code server} in its own folder, as a rebuilt program would be.
 */
class LinuxBaselineDiffTest {
    @TempDir Path dir;

    private Path install(String build, String version) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(version));
        return Files.copy(Path.of(LinuxAgent.program(build)), folder.resolve("server"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private Path record(String name, Path program, String... args) {
        Path recording = dir.resolve(name + ".mv.db");
        List<String> cmd = new ArrayList<>(List.of("record", "--out", recording.toString(), "--", program.toString()));
        cmd.addAll(List.of(args));
        CliRun r = CliRun.of(cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return recording;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    /** Offset in its module of each leak_* function's frame, from the recording's leak stacks. */
    private static Map<String, Long> offsets(Path file) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        try (Recording recording = Recording.openReadOnly(file)) {
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording.info()));
            for (LeakGroup g : analysis.leaks(analysis.whole(), Horizon.END).groups()) {
                g.stack().stream().filter(f -> f.function() != null && f.function().startsWith("leak_")).findFirst()
                    .ifPresent(f -> m.put(f.function(), f.moduleOffset()));
            }
        }
        return m;
    }

    @Test
    void aRebuildWhoseCodeMovedMatchesItsBaselineByFunctionAndLine() throws Exception {
        Path old = record("old", install("baseline-a", "v1"));
        Path now = record("new", install("baseline-b", "v2"));
        Map<String, Long> before = offsets(old), after = offsets(now);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet()).contains("leak_config");
        before.forEach((function, address) -> assertThat(after.get(function)).as(function).isNotEqualTo(address));

        CliRun r = CliRun.of("leaks", now.toString(), "--baseline", old.toString(), "--fail-on-new-leaks");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("no new or grown leak stacks (4 stacks as before, 0 fewer or gone)");
        assertThat(r.out()).startsWith("8 handles leaked from 4 stacks");
    }

    @Test
    void failOnNewLeaksExitsOneForStacksAbsentFromTheBaselineOrGrownBeyondIt() throws Exception {
        Path old = record("old", install("baseline-a", "v1"));
        Path changed = record("changed", install("baseline-b", "v2"), "--changed");
        Path same = record("same", install("baseline-b", "v3"));

        CliRun failing = CliRun.of("leaks", changed.toString(), "--baseline", old.toString(), "--fail-on-new-leaks");
        CliRun reported = CliRun.of("leaks", changed.toString(), "--baseline", old.toString());
        CliRun passing = CliRun.of("leaks", same.toString(), "--baseline", old.toString(), "--fail-on-new-leaks");
        CliRun anyLeak = CliRun.of("leaks", same.toString(), "--baseline", old.toString(), "--fail-on-leaks");

        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
        assertThat(failing.err()).contains("2 new or grown leak stacks, 3 handles beyond the baseline")
            .containsPattern("appeared 0 -> 2  server!leak_new baseline.c:\\d+")
            .containsPattern("grew 2 -> 3  server!leak_config baseline.c:\\d+")
            .doesNotContain("leak_cache").doesNotContain("leak_gone");
        assertThat(reported.exitCode()).as(reported.err()).isZero();
        assertThat(reported.err()).contains("2 new or grown leak stacks");
        assertThat(passing.exitCode()).as(passing.err()).isZero();
        assertThat(anyLeak.exitCode()).as("--fail-on-leaks keeps its meaning").isEqualTo(1);
    }

    @Test
    void anEditThatMovedSourceLinesStillMatchesItsBaselineByFunction() throws Exception {
        Path old = record("old", install("baseline-a", "v1"));
        Path moved = record("moved", install("baseline-c", "v2"));
        Path movedAndChanged = record("changed", install("baseline-c", "v3"), "--changed");

        CliRun same = CliRun.of("leaks", moved.toString(), "--baseline", old.toString(), "--fail-on-new-leaks");
        CliRun changed = CliRun.of("leaks", movedAndChanged.toString(), "--baseline", old.toString(),
            "--fail-on-new-leaks");

        assertThat(same.out()).containsPattern("server!leak_config baseline.c:5\\d\\d");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.err()).contains("no new or grown leak stacks (4 stacks as before, 0 fewer or gone)");
        assertThat(changed.exitCode()).as(changed.err()).isEqualTo(1);
        assertThat(changed.err()).contains("2 new or grown leak stacks, 3 handles beyond the baseline")
            .containsPattern("grew 2 -> 3  server!leak_config baseline.c:5\\d\\d");
    }

    @Test
    void failOnNewLeaksNeedsABaselineAndExcludesFailOnLeaks() throws Exception {
        Path now = record("new", install("baseline-a", "v1"));

        CliRun noBaseline = CliRun.of("leaks", now.toString(), "--fail-on-new-leaks");
        CliRun both = CliRun.of("leaks", now.toString(), "--baseline", now.toString(), "--fail-on-new-leaks",
            "--fail-on-leaks");
        CliRun missingBaseline = CliRun.of("leaks", now.toString(), "--baseline", dir.resolve("nope.mv.db").toString());

        assertThat(noBaseline.exitCode()).isEqualTo(2);
        assertThat(noBaseline.err()).contains("--fail-on-new-leaks needs --baseline");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(missingBaseline.exitCode()).isEqualTo(4);
        assertThat(missingBaseline.err()).contains("nope.mv.db");
    }

    @Test
    void diffListsTheStacksThatAppearedGrewShrankAndDisappearedWithCounts() throws Exception {
        Path old = record("old", install("baseline-a", "v1"));
        Path changed = record("changed", install("baseline-b", "v2"), "--changed");

        CliRun json = CliRun.of("diff", old.toString(), changed.toString(), "--format", "json");
        CliRun table = CliRun.of("diff", old.toString(), changed.toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        Map<String, String> byFunction = new TreeMap<>();
        for (JsonNode c : json(json.out()).get("changes")) {
            String at = c.get("createdAt").asText();
            String function = at.substring(at.indexOf('!') + 1, at.indexOf(' '));
            byFunction.put(function, c.get("change").asText() + " " + c.get("old").asInt() + " " + c.get("new").asInt()
                + " " + c.get("delta").asInt());
        }
        assertThat(byFunction).isEqualTo(Map.of(
            "leak_new", "appeared 0 2 2",
            "leak_config", "grew 2 3 1",
            "leak_cache", "shrank 4 2 -2",
            "leak_gone", "disappeared 1 0 -1",
            "leak_same", "unchanged 1 1 0"));
        assertThat(json(json.out()).get("summary").toString())
            .isEqualTo("{\"appeared\":1,\"grew\":1,\"shrank\":1,\"disappeared\":1,\"unchanged\":1}");

        assertThat(table.exitCode()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("leak stacks: 1 appeared, 1 grew, 1 shrank, 1 disappeared, 1 unchanged");
        assertThat(lines.subList(2, lines.size())).hasSize(5);
        assertThat(lines.get(2)).matches("CHANGE\\s+OLD\\s+NEW\\s+DELTA\\s+CREATED AT");
        assertThat(lines.get(3)).matches("appeared\\s+0\\s+2\\s+\\+2\\s+server!leak_new baseline.c:\\d+");
        assertThat(lines.get(4)).matches("grew\\s+2\\s+3\\s+\\+1\\s+server!leak_config baseline.c:\\d+");
        assertThat(lines.get(5)).matches("shrank\\s+4\\s+2\\s+-2\\s+server!leak_cache baseline.c:\\d+");
        assertThat(lines.get(6)).matches("disappeared\\s+1\\s+0\\s+-1\\s+server!leak_gone baseline.c:\\d+");
    }
}
