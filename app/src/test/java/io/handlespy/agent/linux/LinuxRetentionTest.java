package io.handlespy.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import io.handlespy.store.ClosedCount;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code record --retain open} on real Linux programs: the same leaks as a full recording, and info says the mode. */
class LinuxRetentionTest {
    @TempDir Path dir;

    /** Leaked handle count per innermost function of the create stack, from leaks --format json. */
    private static Map<String, Integer> leaksByFunction(Path recording) throws Exception {
        CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json");
        assertThat(leaks.exitCode()).as(leaks.err()).isZero();
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode g : new ObjectMapper().readTree(leaks.out()).get("groups")) {
            counts.merge(g.get("stack").get(0).get("function").asText(), g.get("count").asInt(), Integer::sum);
        }
        return counts;
    }

    private static JsonNode info(Path recording) throws Exception {
        CliRun info = CliRun.of("info", recording.toString(), "--format", "json");
        assertThat(info.exitCode()).as(info.err()).isZero();
        return new ObjectMapper().readTree(info.out());
    }

    private Path record(String name, String... programAndArgs) {
        Path recording = dir.resolve(name + ".mv.db");
        String[] args = new String[4 + programAndArgs.length + (name.endsWith("-open") ? 2 : 0)];
        int i = 0;
        args[i++] = "record";
        args[i++] = "--out";
        args[i++] = recording.toString();
        if (name.endsWith("-open")) {
            args[i++] = "--retain";
            args[i++] = "open";
        }
        args[i++] = "--";
        for (String a : programAndArgs) args[i++] = a;
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return recording;
    }

    /** fdleak leaks every descriptor kind a known number of times next to balanced paths that must show nothing. */
    @Test
    void fdleakLeaksTheSameInBothModes() throws Exception {
        Path full = record("fdleak-full", LinuxAgent.program("fdleak"));
        Path open = record("fdleak-open", LinuxAgent.program("fdleak"));

        assertThat(leaksByFunction(open)).isEqualTo(leaksByFunction(full)).isEqualTo(Expected.of("fdleak"));
        JsonNode info = info(open);
        assertThat(info.get("retention").asText()).isEqualTo("open");
        assertThat(info.get("approximate").size()).isEqualTo(5);
        assertThat(info(full).get("retention").asText()).isEqualTo("full");
        assertThat(info(full).get("approximate").size()).isZero();

        String note = "was recorded with --retain open, so a handle created in the window and closed after it is not "
            + "listed: these leaks are a lower bound.";
        CliRun atWindowEnd = CliRun.of("leaks", open.toString(), "--horizon", "window");
        assertThat(atWindowEnd.exitCode()).as(atWindowEnd.err()).isZero();
        assertThat(atWindowEnd.err()).contains(note);
        assertThat(CliRun.of("leaks", open.toString()).err()).doesNotContain(note);
        assertThat(CliRun.of("leaks", full.toString(), "--horizon", "window").err()).doesNotContain(note);
    }

    /** 4 threads open and close /dev/null 5,000 times each while slow_leak() leaks 5 eventfds. */
    @Test
    void churnKeepsOnlyTheOpenHandlesAndCountsEveryClose() throws Exception {
        Path open = record("churn-open", LinuxAgent.program("churn"), "4", "5000");

        assertThat(leaksByFunction(open)).containsEntry("slow_leak", 5);
        try (Recording r = Recording.open(open)) {
            RecordingInfo info = r.info();
            long closedCreates = r.closedCounts(0, info.durationNanos()).stream().mapToLong(ClosedCount::count).sum();
            assertThat(info.creates()).isGreaterThanOrEqualTo(20_005);
            assertThat(closedCreates).isGreaterThanOrEqualTo(20_000)
                .isEqualTo(info.creates() - (info.openAtEnd() - info.openBeforeRecording()));
        }
    }

    @Test
    void anUnknownModeIsAUsageError() {
        CliRun run = CliRun.of("record", "--out", dir.resolve("x").toString(), "--retain", "some", "--", "/bin/true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown retention mode 'some' (known: full, open)");
    }
}
