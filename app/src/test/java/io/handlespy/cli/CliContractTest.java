package io.handlespy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.capture.synthetic.GroundTruth;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.capture.synthetic.SyntheticModules;
import io.handlespy.store.TestRecordings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of issue 2 (formats, keys, exit codes) on a synthetic recording with known ground truth. */
class CliContractTest {
    private static final long SECOND = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path recording;
    static GroundTruth truth;

    @BeforeAll
    static void record() throws Exception {
        SyntheticAgent agent = new SyntheticAgent(SyntheticConfig.demo(7).withDuration(10 * SECOND).withRate(5_000));
        truth = agent.truth();
        recording = TestRecordings.record(dir.resolve("demo"), agent);
    }

    @Test
    void leaksJsonHasTheDocumentedShapeAndExactCountsPerStack() throws Exception {
        CliRun run = CliRun.of("leaks", recording.toString(), "--from", "3", "--to", "6", "--format", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("window").get("from").asDouble()).isEqualTo(3.0);
        assertThat(doc.get("window").get("to").asDouble()).isEqualTo(6.0);
        assertThat(doc.get("window").get("horizon").asText()).isEqualTo("end");
        assertThat(doc.get("openBeforeRecording").asInt()).isEqualTo(truth.openBeforeRecording(truth.durationNanos()));
        Map<String, Integer> byFunction = new HashMap<>();
        for (JsonNode g : doc.get("groups")) {
            assertThat(g.get("handles")).hasSize(g.get("count").asInt());
            assertThat(g.get("stack").get(0).get("address").asText()).startsWith("0x");
            byFunction.put(userFunction(g), g.get("count").asInt());
        }
        Map<String, Integer> expected = new HashMap<>();
        truth.leaks(3 * SECOND, 6 * SECOND, truth.durationNanos()).forEach((stack, count) ->
            expected.put(nameOf(stack), count));
        assertThat(byFunction).isEqualTo(expected);
        assertThat(byFunction).containsEntry(SyntheticModules.BURST_LEAK, 250).containsEntry(SyntheticModules.POOL_LEAK, 60);
    }

    @Test
    void horizonWindowCountsHandlesClosedAfterTheWindowAsLeaks() throws Exception {
        CliRun run = CliRun.of("leaks", recording.toString(), "--from", "3", "--to", "6", "--horizon", "window", "--format", "json");

        int total = 0;
        for (JsonNode g : JSON.readTree(run.out()).get("groups")) total += g.get("count").asInt();
        int expected = truth.leaks(3 * SECOND, 6 * SECOND, 6 * SECOND).values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isEqualTo(expected);
        assertThat(expected).isGreaterThan(truth.leaks(3 * SECOND, 6 * SECOND, truth.durationNanos()).values()
            .stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void failOnLeaksExitsOneOnlyWhenSomethingLeaked() {
        assertThat(CliRun.of("leaks", recording.toString(), "--fail-on-leaks").exitCode()).isEqualTo(1);
        assertThat(CliRun.of("leaks", recording.toString(), "--from", "0", "--to", "0.001", "--fail-on-leaks").exitCode())
            .isZero();
    }

    @Test
    void infoJsonCarriesTheDocumentedTotals() throws Exception {
        CliRun run = CliRun.of("info", recording.toString(), "--format", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode info = JSON.readTree(run.out());
        assertThat(info.get("pid").asLong()).isEqualTo(4242);
        assertThat(info.get("image").asText()).isEqualTo("/opt/demo/bin/demo_app");
        assertThat(info.get("platform").asText()).isEqualTo("linux");
        assertThat(info.get("arch").asText()).isEqualTo("x64");
        assertThat(info.get("duration").asDouble()).isEqualTo(10.0);
        assertThat(info.get("events").asLong()).isEqualTo(truth.events());
        assertThat(info.get("creates").asLong()).isEqualTo(truth.creates());
        assertThat(info.get("closes").asLong()).isEqualTo(truth.closes());
        assertThat(info.get("drops").asLong()).isEqualTo(truth.drops());
        assertThat(info.get("openAtEnd").asLong()).isEqualTo(truth.openAtEnd());
        assertThat(info.get("osCountAtEnd").asLong()).isEqualTo(truth.lastOsCount());
        assertThat(info.get("status").asText()).isEqualTo("complete");
    }

    @Test
    void exportWritesEachFormat() throws Exception {
        for (String format : new String[] {"csv", "json", "folded", "html"}) {
            Path out = dir.resolve("leaks." + format);
            CliRun run = CliRun.of("export", recording.toString(), "--format", format, "--output", out.toString(),
                "--from", "3", "--to", "6");
            assertThat(run.exitCode()).as(format).isZero();
            assertThat(Files.readString(out)).as(format).contains(SyntheticModules.BURST_LEAK);
        }
        assertThat(Files.readString(dir.resolve("leaks.html"))).contains("<svg").doesNotContain("https://");
        assertThat(Files.readString(dir.resolve("leaks.folded")).lines())
            .anyMatch(l -> l.contains(SyntheticModules.BURST_LEAK) && l.endsWith(" 250"));
    }

    @Test
    void unreadableRecordingsExitFourWithAPlainSentence() throws Exception {
        Path garbage = dir.resolve("garbage.mv.db");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        for (Path p : new Path[] {garbage, dir.resolve("missing.mv.db")}) {
            CliRun run = CliRun.of("leaks", p.toString());
            assertThat(run.exitCode()).as(p.toString()).isEqualTo(4);
            assertThat(run.err()).startsWith("handlespy: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(CliRun.of("leaks").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("leaks", recording.toString(), "--format", "xml").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("leaks", recording.toString(), "--from", "5", "--to", "2").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("record", "--out", dir.resolve("x").toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("record", "--pid", "1", "--out", dir.resolve("x").toString(), "--", "true").exitCode())
            .isEqualTo(2);
        assertThat(CliRun.of("record", "--pid", "1", "--duration", "1", "--until-exit", "--out", "x").exitCode())
            .isEqualTo(2);
        assertThat(CliRun.of("export", recording.toString(), "--format", "pdf", "--output", "x").exitCode()).isEqualTo(2);
    }

    /** The first frame of a group's stack that is the program's own code (the synthetic libc frames come first). */
    private static String userFunction(JsonNode group) {
        for (JsonNode f : group.get("stack")) {
            String module = f.get("module").asText();
            if (!module.contains("libc")) return f.get("function").asText();
        }
        throw new AssertionError("no user frame in " + group);
    }

    private static String nameOf(int stackId) {
        for (String name : new String[] {SyntheticModules.BURST_LEAK, SyntheticModules.POOL_LEAK, SyntheticModules.LOG_LEAK}) {
            if (truth.stackId(name) == stackId) return name;
        }
        return "stack#" + stackId;
    }
}
