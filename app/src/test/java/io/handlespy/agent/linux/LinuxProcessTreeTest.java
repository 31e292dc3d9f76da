package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.ProcessInfo;
import io.handlespy.store.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record --follow-children: every descendant of the launched program is recorded as
 * a process of its own (fork, exec, posix_spawn), and leaks, info and export show
 * and filter by process. The tree is forkleak (a parent and three forked workers
 * that leak 1, 2 and 3 eventfds and _exit with 11, 12 and 13) started through a
 * shell pipeline or by Python's subprocess.
 */
class LinuxProcessTreeTest {
    @TempDir Path dir;



    private static JsonNode json(String... args) throws Exception {
        CliRun c = CliRun.of(args);
        assertThat(c.code()).as(c.err()).isZero();
        return new ObjectMapper().readTree(c.out());
    }

    private static List<JsonNode> processes(Path recording) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json("info", recording.toString(), "--format", "json").get("processes").forEach(out::add);
        return out;
    }

    /** Leaked handles per innermost function of the leaks of process {@code pid}, each group checked to be its. */
    private static Map<String, Integer> leaksOf(Path recording, long pid) throws Exception {
        JsonNode root = json("leaks", recording.toString(), "--format", "json", "--pid", Long.toString(pid));
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode g : root.get("groups")) {
            assertThat(g.get("pid").asLong()).isEqualTo(pid);
            for (JsonNode h : g.get("handles")) assertThat(h.get("pid").asLong()).isEqualTo(pid);
            counts.merge(g.get("stack").get(0).get("function").asText(), g.get("count").asInt(), Integer::sum);
        }
        return counts;
    }

    private static JsonNode byPath(List<JsonNode> processes, String suffix) {
        List<JsonNode> found = processes.stream().filter(p -> p.get("path").asText().endsWith(suffix)
            && !p.get("exitCode").isNull() && p.get("exitCode").asInt() < 10).toList();
        assertThat(found).as("one process running " + suffix + " in " + processes).hasSize(1);
        return found.getFirst();
    }

    /** forkleak and its three workers, found among {@code processes}: their leaks, per process. */
    private static void assertForkleakTree(Path recording, List<JsonNode> processes) throws Exception {
        JsonNode parent = byPath(processes, "/forkleak");
        long parentPid = parent.get("pid").asLong();
        assertThat(parent.get("exitCode").asInt()).isZero();
        assertThat(leaksOf(recording, parentPid)).isEqualTo(Map.of("leak_in_parent", 1));
        for (int k = 1; k <= 3; k++) {
            int exit = 10 + k;
            List<JsonNode> workers = processes.stream().filter(p -> p.get("parentPid").asLong() == parentPid
                && p.get("exitCode").asInt() == exit).toList();
            assertThat(workers).as("worker " + k + " in " + processes).hasSize(1);
            JsonNode w = workers.getFirst();
            assertThat(w.get("path").asText()).endsWith("/forkleak");
            assertThat(w.get("creates").asLong()).isEqualTo(k);
            assertThat(w.get("openAtEnd").asLong()).isEqualTo(k);
            assertThat(leaksOf(recording, w.get("pid").asLong())).isEqualTo(Map.of("leak_in_worker", k));
        }
        assertThat(processes.stream().filter(p -> p.get("parentPid").asLong() == parentPid)).hasSize(3);
    }

    @Test
    void aShellPipelineIsRecordedProcessByProcess() throws Exception {
        Path recording = dir.resolve("pipeline.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/bin/sh", "-c",
            LinuxAgent.program("forkleak") + " | /bin/cat; exit 7");

        assertThat(record.code()).as(record.err()).isZero();
        List<JsonNode> processes = processes(recording);
        // sh, the two pipeline children sh forked (which exec'ed forkleak and cat), and forkleak's three workers
        assertThat(processes).hasSize(6);
        JsonNode sh = processes.getFirst();
        assertThat(sh.get("path").asText()).isEqualTo("/usr/bin/dash");
        assertThat(sh.get("exitCode").asInt()).isEqualTo(7);
        assertThat(leaksOf(recording, sh.get("pid").asLong())).isEmpty();
        JsonNode cat = byPath(processes, "/cat");
        assertThat(cat.get("parentPid").asLong()).isEqualTo(sh.get("pid").asLong());
        assertThat(cat.get("arguments").get(0).asText()).isEqualTo("/bin/cat");
        assertThat(leaksOf(recording, cat.get("pid").asLong())).isEmpty();
        assertForkleakTree(recording, processes);
        // without --pid every process's leaks are listed, each once: 1 + 1 + 2 + 3
        assertThat(totalLeaked(recording)).isEqualTo(7);
        long third = processes.stream().filter(p -> p.get("exitCode").asInt() == 13).findFirst().orElseThrow()
            .get("pid").asLong();
        Path exported = dir.resolve("third.json");
        CliRun export = CliRun.of("export", recording.toString(), "--format", "json", "--pid", Long.toString(third), "--output",
            exported.toString());
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode groups = new ObjectMapper().readTree(exported.toFile()).get("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("count").asInt()).isEqualTo(3);
        assertThat(groups.get(0).get("pid").asLong()).isEqualTo(third);
        CliRun unknown = CliRun.of("leaks", recording.toString(), "--pid", "1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("process 1 is not in");
    }

    private static int totalLeaked(Path recording) throws Exception {
        int total = 0;
        for (JsonNode g : json("leaks", recording.toString(), "--format", "json").get("groups")) total += g.get("count").asInt();
        return total;
    }

    /**
     * Without address randomization (setarch -R) every program of the tree is mapped at the same
     * addresses: each stack is named from its own process's modules, not from another's at that address
     * (cat, started after forkleak, is mapped where forkleak was).
     */
    @Test
    void eachProcessesStacksAreNamedFromItsOwnModules() throws Exception {
        Path recording = dir.resolve("norandom.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/usr/bin/setarch",
            "x86_64", "-R", "/bin/sh", "-c", LinuxAgent.program("forkleak") + " >/dev/null; /bin/cat </dev/null");

        assertThat(record.code()).as(record.err()).isZero();
        assertForkleakTree(recording, processes(recording));
    }

    /** Python's subprocess starts its children through vfork/posix_spawn, then exec. */
    @Test
    void pythonSubprocessChildrenAreRecordedAsProcessesOfTheirOwn() throws Exception {
        Path recording = dir.resolve("python.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/usr/bin/python3", "-c",
            "import subprocess, sys\nfor _ in range(2): subprocess.run([sys.argv[1]], check=True, stdout=subprocess.DEVNULL)",
            LinuxAgent.program("forkleak"));

        assertThat(record.code()).as(record.err()).isZero();
        List<JsonNode> processes = processes(recording);
        assertThat(processes).hasSize(1 + 2 * 4);
        JsonNode python = processes.getFirst();
        assertThat(python.get("path").asText()).startsWith("/usr/bin/python3");
        List<JsonNode> runs = processes.stream().filter(p -> p.get("path").asText().endsWith("/forkleak")
            && p.get("parentPid").asLong() == python.get("pid").asLong()).toList();
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            long pid = run.get("pid").asLong();
            assertForkleakTree(recording, processes.stream()
                .filter(p -> p.get("pid").asLong() == pid || p.get("parentPid").asLong() == pid).toList());
        }
    }

    /** Leaked handle names of process {@code pid}. */
    private static List<String> leakedNames(Path recording, long pid) throws Exception {
        JsonNode root = json("leaks", recording.toString(), "--format", "json", "--pid", Long.toString(pid));
        List<String> names = new ArrayList<>();
        for (JsonNode g : root.get("groups")) for (JsonNode h : g.get("handles")) names.add(h.get("name").asText());
        names.sort(null);
        return names;
    }

    /** A Python forking server (socketserver.ForkingTCPServer): each request's child leaks files of its own. */
    @Test
    void eachChildOfAForkingServerHasItsOwnLeaks() throws Exception {
        Path files = java.nio.file.Files.createDirectories(dir.resolve("files"));
        Path recording = dir.resolve("server.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/usr/bin/python3",
            LinuxAgent.program("forking_server.py"), files.toString());

        assertThat(record.code()).as(record.err()).isZero();
        List<JsonNode> processes = processes(recording);
        assertThat(processes).hasSize(4);
        long server = processes.getFirst().get("pid").asLong();
        assertThat(leaksOf(recording, server)).isEmpty();
        List<JsonNode> children = processes.subList(1, 4);
        Map<Integer, List<String>> byRequest = new TreeMap<>();
        for (JsonNode c : children) {
            assertThat(c.get("parentPid").asLong()).isEqualTo(server);
            assertThat(c.get("exitCode").asInt()).isZero();
            List<String> names = leakedNames(recording, c.get("pid").asLong());
            byRequest.put(names.size(), names);
        }
        assertThat(byRequest).containsOnlyKeys(1, 2, 3);
        for (int k = 1; k <= 3; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < k; i++) expected.add(files.resolve("req-" + k + "-" + i + ".txt").toString());
            assertThat(byRequest.get(k)).isEqualTo(expected);
        }
    }

    /** A daemon-like child that outlives the launched program: recorded 5 s longer, then named in a note. */
    @Test
    void aDescendantOutlivingTheLaunchedProgramIsNamedWhenTheRecordingEnds() throws Exception {
        Path recording = dir.resolve("daemon.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/bin/sh", "-c",
            "/bin/sleep 60 & exit 0");
        List<JsonNode> processes = processes(recording);
        long sleeper = processes.getLast().get("pid").asLong();
        try {
            assertThat(record.code()).as(record.err()).isZero();
            assertThat(processes).hasSize(2);
            assertThat(processes.getFirst().get("exitCode").asInt()).isZero();
            assertThat(processes.getLast().get("path").asText()).isEqualTo("/usr/bin/sleep");
            // its parent is the shell, which exited at once: not the helper that adopted it
            assertThat(processes.getLast().get("parentPid").asLong()).isEqualTo(processes.getFirst().get("pid").asLong());
            assertThat(processes.getLast().get("ended").isNull()).isTrue();
            List<String> notes = new ArrayList<>();
            json("info", recording.toString(), "--format", "json").get("notes").forEach(n -> notes.add(n.asText()));
            assertThat(notes).contains("1 followed processes still running when the launched program's tree was left "
                + "(recorded until then; their descriptors open at that time show as open): " + sleeper);
            assertThat(json("info", recording.toString(), "--format", "json").get("endReason").asText())
                .isEqualTo("the target exited (exit code 0)");
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroy);
        }
    }

    /**
     * Children killed by a signal cannot report how they ended, and the shell reaps them before the
     * helper sees their zombies: the shell's own wait says so (128 + the signal's number).
     */
    @Test
    void childrenKilledByASignalEndWithTheSignalsCode() throws Exception {
        Path recording = dir.resolve("killed.mv.db");
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/bin/sh", "-c",
            "/bin/sh -c 'kill -KILL $$'; /bin/sh -c 'kill -TERM $$'; /bin/sh -c 'exit 5'; exit 0");

        assertThat(record.code()).as(record.err()).isZero();
        List<JsonNode> processes = processes(recording);
        assertThat(processes).extracting(p -> p.get("exitCode").asInt()).containsExactly(0, 137, 143, 5);
        long shell = processes.getFirst().get("pid").asLong();
        assertThat(processes.subList(1, 4)).allSatisfy(p -> assertThat(p.get("parentPid").asLong()).isEqualTo(shell));
    }

    /**
     * The OS count is the whole tree's, as the tracked count is: while a Python child holds six
     * files next to its parent's four, both lines stand at the same value (the OS line counted the
     * parent alone before, six below the tracked line).
     */
    @Test
    void theOsCountIsTheWholeTreesLikeTheTrackedCount() throws Exception {
        Path recording = recordPythonTree("oscount.mv.db",
            "import subprocess, sys; held = [open('/dev/null') for _ in range(4)]; CHILD",
            "import time; held = [open('/dev/null') for _ in range(6)]; time.sleep(1.5)");

        try (Recording r = Recording.open(recording)) {
            Analysis a = new Analysis(r, (m, addresses) -> Map.of());
            TimeWindow whole = a.whole();
            CountSeries s = a.series(whole, (int) Math.max(1, whole.lengthNanos() / 20_000_000L));
            long top = s.tracked().stream().filter(p -> p.min() == p.max()).mapToLong(SeriesPoint::max).max().orElseThrow();
            List<Long> osAtTop = flatTrackedAndOs(s).stream().filter(p -> p[0] == top).map(p -> p[1]).toList();
            assertThat(osAtTop).hasSizeGreaterThan(10).containsOnly(top);
        }
    }

    /**
     * A child that exits holding six files takes them out of the live count (the tracked line falls back
     * to the OS's; it stayed six and more above it) while they stay its leaks.
     */
    @Test
    void aChildsHandlesLeaveTheLiveCountAtItsExitAndStayItsLeaks() throws Exception {
        Path recording = recordPythonTree("childexit.mv.db",
            "import os, subprocess, sys, time; held = [open('/dev/zero') for _ in range(4)]; CHILD; time.sleep(1.5); os._exit(0)",
            "import os; held = [open('/dev/null') for _ in range(6)]; os._exit(0)");

        long childPid;
        try (Recording r = Recording.open(recording)) {
            Analysis a = new Analysis(r, (m, addresses) -> Map.of());
            List<ProcessInfo> processes = r.processes();
            assertThat(processes).hasSize(2);
            ProcessInfo parent = processes.stream().filter(p -> p.arguments().getLast().startsWith("import os, subprocess"))
                .findFirst().orElseThrow();
            ProcessInfo kid = processes.stream().filter(p -> p.parentPid() == parent.pid()).findFirst().orElseThrow();
            childPid = kid.pid();
            long childEnd = kid.endNanos();
            TimeWindow whole = a.whole();
            // the parent's sleep, from 0.3 s after the child's exit to 0.3 s before the parent's
            TimeWindow sleep = new TimeWindow(childEnd + 300_000_000L, childEnd + 1_200_000_000L);
            assertThat(flatTrackedAndOs(a.series(sleep, 45))).hasSizeGreaterThan(5).allSatisfy(p -> assertThat(p[0]).isEqualTo(p[1]));
            assertThat(whole.toNanos()).isGreaterThan(sleep.toNanos());
        }
        Map<String, Integer> leakedByProcessAndName = new TreeMap<>();
        for (JsonNode g : json("leaks", recording.toString(), "--format", "json").get("groups")) {
            for (JsonNode h : g.get("handles")) {
                String who = h.get("pid").asLong() == childPid ? "child" : "parent";
                leakedByProcessAndName.merge(who + " " + h.get("name").asText(), 1, Integer::sum);
            }
        }
        assertThat(leakedByProcessAndName).containsEntry("child /dev/null", 6).containsEntry("parent /dev/zero", 4)
            .doesNotContainKeys("child /dev/zero", "parent /dev/null");
    }

    /** Records {@code python3 -c parent} with --follow-children; CHILD in it runs {@code python3 -c child}. */
    private Path recordPythonTree(String name, String parent, String child) {
        Path recording = dir.resolve(name);
        CliRun record = CliRun.of("record", "--follow-children", "--out", recording.toString(), "--", "/usr/bin/python3", "-c",
            parent.replace("CHILD", "subprocess.run([sys.executable, '-c', \"" + child + "\"], check=True)"));
        assertThat(record.code()).as(record.err()).isZero();
        return recording;
    }

    /** {tracked, OS} at each point of the series where both lines are flat. */
    private static List<long[]> flatTrackedAndOs(CountSeries s) {
        Map<Long, SeriesPoint> osAt = new TreeMap<>();
        s.os().forEach(p -> osAt.put(p.timeNanos(), p));
        List<long[]> pairs = new ArrayList<>();
        for (SeriesPoint t : s.tracked()) {
            SeriesPoint os = osAt.get(t.timeNanos());
            if (os != null && os.min() == os.max() && t.min() == t.max()) pairs.add(new long[] {t.max(), os.max()});
        }
        return pairs;
    }

    @Test
    void pidIsRefusedForARecordingOfOneProcess() throws Exception {
        Path recording = dir.resolve("single.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("forkleak"));
        assertThat(record.code()).as(record.err()).isZero();

        assertThat(json("info", recording.toString(), "--format", "json").has("processes")).isFalse();
        CliRun leaks = CliRun.of("leaks", recording.toString(), "--format", "json", "--pid", "1");
        assertThat(leaks.code()).isEqualTo(2);
        assertThat(leaks.err()).contains("holds one process only");
        // without --follow-children the workers are not recorded: only the parent's leak
        int total = 0;
        for (JsonNode g : json("leaks", recording.toString(), "--format", "json").get("groups")) total += g.get("count").asInt();
        assertThat(total).isEqualTo(1);
    }
}
