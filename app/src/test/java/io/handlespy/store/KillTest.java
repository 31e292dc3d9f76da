package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a JVM in the middle of ingesting and checks the file keeps what the
 * child reported committed before the kill: the event totals of the last commit,
 * and every lifetime created before the commit preceding it (lifetimes still open
 * at a commit are written by the next one). With commits every 150 ms that is
 * everything older than ~300 ms before the kill. The same holds in both retention
 * modes; in {@link Retention#OPEN} a lifetime closed by a commit is one in its count.
 */
class KillTest {
    @TempDir Path dir;

    private record Commit(long events, long creates, long childMillis, long seenAtNanos) {}

    @Test
    void aKilledWriterLosesAtMostTheLast500Milliseconds() throws Exception {
        killMidway(Retention.FULL);
    }

    @Test
    void aKilledWriterKeepingOnlyOpenLifetimesLosesAtMostTheLast500Milliseconds() throws Exception {
        killMidway(Retention.OPEN);
    }

    private void killMidway(Retention retention) throws Exception {
        Path file = dir.resolve("killed.mv.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillChild.class.getName(),
            file.toString(), retention.cliName()).redirectErrorStream(true).start();
        List<Commit> commits = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] p = line.split(" ");
                    synchronized (commits) {
                        if (p.length == 4 && p[0].equals("COMMIT")) {
                            commits.add(new Commit(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), System.nanoTime()));
                        } else {
                            other.add(line);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                synchronized (commits) { other.add(e.toString()); }
            }
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (commits) {
                if (commits.size() >= 10 && commits.getLast().events() > 200_000) break;
            }
            Thread.sleep(20);
        }
        Thread.sleep(130);
        long killedAt = System.nanoTime();
        child.destroyForcibly();
        assertThat(child.waitFor()).isEqualTo(137);
        reader.join();

        List<Commit> seen;
        synchronized (commits) { seen = List.copyOf(commits); }
        assertThat(other).isEmpty();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(10);
        List<Commit> beforeKill = seen.stream().filter(c -> c.seenAtNanos() <= killedAt).toList();
        Commit last = beforeKill.getLast(), previous = beforeKill.get(beforeKill.size() - 2);
        try (Recording r = Recording.open(file)) {
            RecordingInfo info = r.info();
            assertThat(info.status()).isEqualTo("interrupted");
            assertThat(info.retention()).isEqualTo(retention);
            assertThat(info.events()).as("events of the commit at %d, %d ms before the kill", last.childMillis(),
                (killedAt - last.seenAtNanos()) / 1_000_000).isGreaterThanOrEqualTo(last.events());
            assertThat(info.creates()).isGreaterThanOrEqualTo(last.creates());
            long[] lifetimes = new long[2];
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, l -> lifetimes[l.snapshot() ? 1 : 0]++);
            for (ClosedCount closed : r.closedCounts(0, Long.MAX_VALUE)) lifetimes[0] += closed.count();
            assertThat(lifetimes[0]).isBetween(previous.creates(), info.creates());
            assertThat(lifetimes[1]).isEqualTo(8);
        }
    }
}
