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
 * SIGKILLs a JVM in the middle of ingesting and checks the file keeps every event
 * the child reported committed before the kill, hence everything older than the
 * last 500 ms (the writer commits every 200 ms).
 */
class KillTest {
    @TempDir Path dir;

    private record Commit(long events, long seenAtNanos) {}

    @Test
    void aKilledWriterLosesAtMostTheLast500Milliseconds() throws Exception {
        Path file = dir.resolve("killed.mv.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillChild.class.getName(),
            file.toString()).redirectErrorStream(true).start();
        List<Commit> commits = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] p = line.split(" ");
                    synchronized (commits) {
                        if (p.length == 3 && p[0].equals("COMMIT")) {
                            commits.add(new Commit(Long.parseLong(p[1]), System.nanoTime()));
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
        long committedBeforeKill = seen.stream().filter(c -> c.seenAtNanos() <= killedAt).mapToLong(Commit::events).max().orElseThrow();
        long committed500msBeforeKill = seen.stream().filter(c -> c.seenAtNanos() <= killedAt - 500_000_000L)
            .mapToLong(Commit::events).max().orElseThrow();
        try (Recording r = Recording.open(file)) {
            RecordingInfo info = r.info();
            assertThat(info.status()).isEqualTo("interrupted");
            assertThat(info.events()).isGreaterThanOrEqualTo(committedBeforeKill).isGreaterThanOrEqualTo(committed500msBeforeKill);
            long[] lifetimes = new long[2];
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, l -> lifetimes[l.snapshot() ? 1 : 0]++);
            assertThat(lifetimes[0]).isEqualTo(info.creates());
            assertThat(lifetimes[1]).isEqualTo(8);
        }
    }
}
