package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a detach leaves in the target (docs/protocol.md, "What stays in the target after a detach"): not one
 * descriptor of the hook's, and none of the recording's memory. The target's descriptor table and address space
 * are read while all its threads hold still, before the first attach and after each detach.
 */
class LinuxDetachResidueTest {
    private static final int THREADS = 4;
    private static final int EVENTFD = 68;
    /** Libraries the attach loads; they stay, with the anonymous mapping right after each (its .bss). */
    private static final List<String> LOADED = List.of("libhandlespy-hook", "libunwind.so", "libgcc_s.so", "liblzma.so");
    /** A glibc malloc arena's reservation (HEAP_MAX_SIZE on 64-bit), at an address aligned to it. */
    private static final long ARENA = 64L << 20;
    /**
     * What else may stay: the agent thread's 256 KiB stack and its guard page (glibc keeps it until the next
     * attach joins the thread), and libunwind's frame cache, 256 KiB mapped by each thread that unwound a stack
     * (the churning threads, the main thread and the thread the attach borrowed, the main one here), freed when
     * the thread exits; plus a few KiB of the dynamic loader's bookkeeping for the loaded libraries.
     */
    private static final long OTHER_BOUND = (256 + 4) * 1024L + (THREADS + 1) * 256 * 1024L + 64 * 1024L;

    @TempDir Path dir;
    @AutoClose private RunningProgram target;

    @Test
    void eachDetachLeavesTheDescriptorsAsTheyWereAndUnmapsTheRecordingsMemory() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("churn"), "--serve", Integer.toString(THREADS));
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));
        Still before = still(out);

        Set<Long> leaked = new TreeSet<>();
        for (int cycle = 1; cycle <= 2; cycle++) {
            Path events = dir.resolve("cycle" + cycle + ".bin"), control = dir.resolve("stop" + cycle);
            Process injector = LinuxAgent.attach(target.pid(), events, control, 30_000);
            target.send("leak 5");
            LinuxAgent.awaitLine(out, "leaked 5"::equals);
            Thread.sleep(300);
            Files.createFile(control);
            LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);
            assertThat(run.all(Frame.Note.class)).as("cycle %d", cycle).noneMatch(n -> n.level() == Frame.Note.WARNING);
            LeakTally tally = LeakTally.of(run.frames());
            assertThat(tally.dropped()).as("drops in cycle %d", cycle).isZero();
            // A /dev/null a churning thread held open when the recording ended counts as open in it, too.
            assertThat(tally.leaksByFunction()).as("cycle %d", cycle).containsEntry("slow_leak", 5);
            assertThat(tally.implicitCloses()).as("implicit closes in cycle %d", cycle).isZero();
            assertThat(tally.unmatchedCloses()).as("unmatched closes in cycle %d", cycle).isZero();
            List<Long> cycleLeaks = tally.leaks().stream().filter(l -> l.type() == EVENTFD).map(LeakTally.Lifetime::handle).toList();
            assertThat(cycleLeaks).hasSize(5);
            leaked.addAll(cycleLeaks);

            Still after = still(out);
            Set<Long> expected = new TreeSet<>(before.fds());
            expected.addAll(leaked);
            assertThat(after.fds()).as("descriptors after detach %d", cycle).isEqualTo(expected);
            Residue residue = Residue.between(before.maps(), after.maps());
            assertThat(residue.arenas()).as("malloc arenas of the churning threads, cycle %d: %s", cycle, residue.lines())
                .isEqualTo(THREADS);
            assertThat(residue.other()).as("address space left after detach %d besides libraries and arenas: %s", cycle,
                residue.lines()).isLessThanOrEqualTo(OTHER_BOUND);
        }
        target.in().close();
        assertThat(LinuxAgent.awaitLine(out, "churned"::equals)).isEqualTo("churned");
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /**
     * A thread kept inside a hook (here: a signal handler that waits, run while the thread waits for ring space
     * because the helper was stopped) holds the detach a bounded time only: the recording ends with a warning NOTE,
     * the memory stays for that thread, the target runs on, and the next attach records again.
     */
    @Test
    void aThreadHeldInsideAHookDelaysTheDetachBoundedlyAndIsNamedInANote() throws Exception {
        target = RunningProgram.start(LinuxAgent.program("stuckhook"));
        BufferedReader out = target.out();
        LinuxAgent.awaitLine(out, l -> l.startsWith("ready "));

        Path events = dir.resolve("stuck.bin"), control = dir.resolve("stop");
        Process injector = LinuxAgent.attach(target.pid(), events, control, 30_000);
        signal("-STOP", injector.pid());
        awaitChurnerWaitingForRingSpace();
        signal("-USR1", target.pid());
        LinuxAgent.awaitLine(out, "waiting"::equals);
        signal("-CONT", injector.pid());
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.goodbye().reason()).isEqualTo(Frame.Goodbye.DETACHED);
        assertThat(run.all(Frame.Note.class)).filteredOn(n -> n.level() == Frame.Note.WARNING)
            .extracting(Frame.Note::text).singleElement().asString()
            .startsWith("1 thread(s) were still inside the hook when the recording ended");
        target.send("release");
        LinuxAgent.awaitLine(out, "released"::equals);

        Path again = dir.resolve("again.bin"), stopAgain = dir.resolve("stop-again");
        injector = LinuxAgent.attach(target.pid(), again, stopAgain, 30_000);
        Thread.sleep(300);
        Files.createFile(stopAgain);
        run = LinuxAgent.finish(injector, again, 60);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.all(Frame.Note.class)).noneMatch(n -> n.level() == Frame.Note.WARNING);
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.dropped()).isZero();
        assertThat(tally.creates()).isPositive();
        assertThat(tally.unmatchedCloses()).isZero();
        target.in().close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** The churning thread sleeps only in the hook's wait for ring space (nanosleep, system call 35). */
    private void awaitChurnerWaitingForRingSpace() throws Exception {
        Path tasks = Path.of("/proc", Long.toString(target.pid()), "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(tasks)) {
                for (Path task : s.toList()) {
                    if (task.getFileName().toString().equals(Long.toString(target.pid()))) continue;
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String call = Files.readString(task.resolve("syscall")).split(" ")[0];
                    if (comm.equals("stuckhook") && call.equals("35")) return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the churning thread never waited for ring space");
    }

    /** The target's descriptors and mappings while its churning threads are paused. */
    private Still still(BufferedReader out) throws Exception {
        target.send("pause");
        LinuxAgent.awaitLine(out, "paused"::equals);
        Path proc = Path.of("/proc", Long.toString(target.pid()));
        Set<Long> fds;
        try (Stream<Path> s = Files.list(proc.resolve("fd"))) {
            fds = s.map(p -> Long.parseLong(p.getFileName().toString())).collect(Collectors.toCollection(TreeSet::new));
        }
        List<Mapping> maps = Files.readAllLines(proc.resolve("maps")).stream().map(Mapping::parse).toList();
        target.send("resume");
        return new Still(fds, maps);
    }

    private record Still(Set<Long> fds, List<Mapping> maps) {}

    private record Mapping(long start, long end, String perms, String path) {
        static Mapping parse(String line) {
            String[] f = line.trim().split("\\s+", 6);
            String[] range = f[0].split("-");
            return new Mapping(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                f.length > 5 ? f[5] : "");
        }

        long size() { return end - start; }

        boolean loaded() { return LOADED.stream().anyMatch(path::contains); }
    }

    /** The mappings present after and not before, sorted by what they are. */
    private record Residue(int arenas, long other, List<String> lines) {
        static Residue between(List<Mapping> before, List<Mapping> after) {
            List<Mapping> added = new ArrayList<>(after);
            added.removeAll(before);
            Set<Long> libraryEnds = after.stream().filter(Mapping::loaded).map(Mapping::end).collect(Collectors.toSet());
            int arenas = 0;
            long other = 0;
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < added.size(); i++) {
                Mapping m = added.get(i);
                lines.add(Long.toHexString(m.start()) + " " + m.size() / 1024 + "K " + m.perms() + " " + m.path());
                if (m.loaded() || (m.path().isEmpty() && libraryEnds.contains(m.start()))) continue;
                Mapping next = i + 1 < added.size() ? added.get(i + 1) : null;
                if (m.start() % ARENA == 0 && m.path().isEmpty() && next != null && next.start() == m.end()
                    && next.perms().equals("---p") && next.end() - m.start() == ARENA) {
                    arenas++;
                    i++;
                    continue;
                }
                other += m.size();
            }
            return new Residue(arenas, other, lines);
        }
    }
}
