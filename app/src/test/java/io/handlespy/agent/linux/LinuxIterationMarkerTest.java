package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import io.handlespy.session.MarkerInbox;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iteration markers: {@code handlespy mark} from another command while {@code record}
 * runs, {@code record --mark-every}, marking a finished recording, and {@code leaks
 * --per-iteration} finding the leak that happens once per iteration among noise
 * ({@code iterleak}: one eventfd per iteration, a pipe every third, a burst of five in
 * the second, three before the first).
 */
class LinuxIterationMarkerTest {
    private static final int ITERATIONS = 6;

    @TempDir Path dir;

    private static JsonNode json(CliRun r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private static void await(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) throw new AssertionError(file + " never appeared");
            Thread.sleep(10);
        }
    }

    /** Records iterleak, marking each iteration with the CLI just before the test lets it run. */
    private Path recordWithMarksFromTheCli() throws Exception {
        Path recording = dir.resolve("iter.mv.db");
        Path control = Files.createDirectories(dir.resolve("control"));
        CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() -> CliRun.of("record", "--out",
            recording.toString(), "--", LinuxAgent.program("iterleak"), control.toString(), Integer.toString(ITERATIONS)));
        await(control.resolve("ready"));
        for (int i = 1; i <= ITERATIONS; i++) {
            CliRun mark = CliRun.of("mark", recording.toString(), "--label", "open tab " + i);
            assertThat(mark.exitCode()).as(mark.err()).isZero();
            assertThat(mark.err()).contains("marked " + recording).contains("(open tab " + i + ")");
            Files.createFile(control.resolve("go-" + i));
            await(control.resolve("done-" + i));
        }
        CliRun result = record.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains(ITERATIONS + " iteration markers");
        assertThat(MarkerInbox.folderOf(recording)).doesNotExist();
        return recording;
    }

    private static List<String> rows(JsonNode leaks) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : leaks) {
            String at = l.get("createdAt").asText();
            out.add(at.substring(at.indexOf('!') + 1, at.indexOf(' ')) + " " + l.get("iterationsLeaking").asInt() + " "
                + l.get("perIteration"));
        }
        return out;
    }

    @Test
    void marksFromTheCliWhileRecordingSingleOutTheLeakOfEveryIteration() throws Exception {
        Path recording = recordWithMarksFromTheCli();

        try (Recording r = Recording.openReadOnly(recording)) {
            assertThat(r.markers()).extracting(Marker::label)
                .containsExactly("open tab 1", "open tab 2", "open tab 3", "open tab 4", "open tab 5", "open tab 6");
        }
        JsonNode majority = json(CliRun.of("leaks", recording.toString(), "--per-iteration", "--format", "json"));
        JsonNode all = json(CliRun.of("leaks", recording.toString(), "--per-iteration", "--min-iterations", "1",
            "--format", "json"));
        CliRun table = CliRun.of("leaks", recording.toString(), "--per-iteration");

        assertThat(majority.get("iterations")).hasSize(ITERATIONS);
        assertThat(majority.get("minIterations").asInt()).isEqualTo(3);
        assertThat(rows(majority.get("leaks"))).containsExactly("leak_per_action 6 [1,1,1,1,1,1]");
        assertThat(majority.get("leaks").get(0).get("types").toString()).isEqualTo("{\"eventfd\":6}");
        assertThat(rows(all.get("leaks"))).containsExactly(
            "leak_per_action 6 [1,1,1,1,1,1]",
            "leak_sometimes 2 [0,0,2,0,0,2]",
            "leak_burst 1 [0,5,0,0,0,0]");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).first()
            .isEqualTo("6 iterations between 6 markers; 1 stack leaking in at least 3 of 6, most consistent first");
        assertThat(table.out()).containsPattern("6/6\\s+6\\s+1 1 1 1 1 1\\s+eventfd\\s+iterleak!leak_per_action iterleak.c:\\d+");
    }

    @Test
    void markEveryPutsMarkersAtFixedIntervalsOfRecordingTime() throws Exception {
        Path recording = dir.resolve("every.mv.db");
        CliRun r = CliRun.of("record", "--out", recording.toString(), "--mark-every", "0.25", "--",
            LinuxAgent.program("iterleak"), dir.toString(), "20", "--free");

        assertThat(r.exitCode()).as(r.err()).isZero();
        try (Recording rec = Recording.openReadOnly(recording)) {
            List<Marker> markers = rec.markers();
            assertThat(markers.size()).isGreaterThanOrEqualTo(2);
            for (int i = 0; i < markers.size(); i++) {
                assertThat(markers.get(i)).isEqualTo(new Marker((i + 1) * 250_000_000L, "every " + (i + 1)));
            }
            assertThat(markers.getLast().timeNanos()).isLessThanOrEqualTo(rec.durationNanos());
        }
    }

    @Test
    void aFinishedRecordingIsMarkedAtAGivenTimeAndWithoutOneTheCommandSaysWhatToDo() throws Exception {
        Path recording = dir.resolve("done.mv.db");
        CliRun rec = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("iterleak"),
            dir.toString(), "2", "--free");
        assertThat(rec.exitCode()).as(rec.err()).isZero();

        CliRun unmarked = CliRun.of("leaks", recording.toString(), "--per-iteration");
        CliRun noTime = CliRun.of("mark", recording.toString());
        CliRun marked = CliRun.of("mark", recording.toString(), "--at", "0.01", "--label", "start");
        CliRun missing = CliRun.of("mark", dir.resolve("nope.mv.db").toString(), "--at", "1");
        CliRun csv = CliRun.of("leaks", recording.toString(), "--per-iteration", "--format", "csv");

        assertThat(unmarked.exitCode()).isEqualTo(2);
        assertThat(unmarked.err()).contains("has no iteration markers");
        assertThat(noTime.exitCode()).isEqualTo(2);
        assertThat(noTime.err()).contains("no recorder is writing").contains("--at SECONDS");
        assertThat(marked.exitCode()).as(marked.err()).isZero();
        assertThat(marked.err()).contains("at 0.010 s (start)");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(csv.exitCode()).isEqualTo(2);
        try (Recording r = Recording.openReadOnly(recording)) {
            assertThat(r.markers()).containsExactly(new Marker(10_000_000L, "start"));
        }
        JsonNode one = json(CliRun.of("leaks", recording.toString(), "--per-iteration", "--format", "json"));
        assertThat(rows(one.get("leaks"))).contains("leak_per_action 1 [2]", "leak_burst 1 [5]")
            .doesNotContain("leak_sometimes 1 [2]");
    }
}
