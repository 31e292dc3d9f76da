package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format pprof} read back by the real {@code go tool pprof -raw}
 * (Debian's golang-go): the in-use counts equal {@code leaks}, per innermost
 * function, and the created counts add up to every create of the recording.
 */
class LinuxPprofTest {
    private static final Pattern SAMPLE = Pattern.compile("\\s*(\\d+)\\s+(\\d+): ([\\d ]+)");
    private static final Pattern LABELS = Pattern.compile("\\s+category:\\[(\\w+)].*type:\\[(\\w+)]");
    private static final Pattern LOCATION = Pattern.compile("\\s*(\\d+): 0x[0-9a-f]+ M=\\d+ (\\S+) .*");

    @TempDir Path dir;

    /** What {@code go tool pprof -raw} printed, reduced to counts per innermost function and per type. */
    private record Readback(String header, Map<String, Integer> inUseByFunction, Map<String, Integer> inUseByType,
                            int created, List<String> categories) {}

    private static Readback pprofRaw(Path profile) throws Exception {
        Process p = new ProcessBuilder("go", "tool", "pprof", "-raw", profile.toString()).redirectErrorStream(true).start();
        String out = LinuxAgent.text(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        Map<Integer, String> functions = new HashMap<>();
        for (String l : lines) {
            Matcher m = LOCATION.matcher(l);
            if (m.matches()) functions.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        Map<String, Integer> byFunction = new TreeMap<>(), byType = new TreeMap<>();
        List<String> categories = new ArrayList<>();
        int created = 0, inUse = 0;
        String innermost = null;
        String header = lines.get(lines.indexOf("Samples:") + 1);
        for (String l : lines.subList(lines.indexOf("Samples:") + 2, lines.indexOf("Locations"))) {
            Matcher s = SAMPLE.matcher(l), t = LABELS.matcher(l);
            if (s.matches()) {
                inUse = Integer.parseInt(s.group(1));
                created += Integer.parseInt(s.group(2));
                innermost = functions.get(Integer.parseInt(s.group(3).trim().split(" ")[0]));
                if (inUse > 0) byFunction.merge(innermost, inUse, Integer::sum);
            } else if (t.find() && inUse > 0) {
                byType.merge(t.group(2), inUse, Integer::sum);
                categories.add(t.group(2) + "=" + t.group(1));
            }
        }
        return new Readback(header, byFunction, byType, created, categories);
    }

    @Test
    void goToolPprofReadsTheSameLeakCountsAsLeaks() throws Exception {
        Path recording = dir.resolve("fdleak.mv.db");
        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", LinuxAgent.program("fdleak"));
        assertThat(record.exitCode()).as(record.err()).isZero();
        Path profile = dir.resolve("fdleak.pb.gz");

        CliRun export = CliRun.of("export", recording.toString(), "--format", "pprof", "--output", profile.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        JsonNode leaks = new ObjectMapper().readTree(CliRun.of("leaks", recording.toString(), "--format", "json").out());
        Map<String, Integer> byFunction = new TreeMap<>(), byType = new TreeMap<>();
        for (JsonNode g : leaks.get("groups")) {
            byFunction.merge(g.get("stack").get(0).get("function").asText(), g.get("count").asInt(), Integer::sum);
            g.get("types").fields().forEachRemaining(e -> byType.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
        }
        JsonNode info = new ObjectMapper().readTree(CliRun.of("info", recording.toString(), "--format", "json").out());

        Readback pprof = pprofRaw(profile);
        assertThat(pprof.header()).isEqualTo("inuse_handles/count[dflt] created_handles/count");
        assertThat(pprof.inUseByFunction()).isEqualTo(byFunction).isEqualTo(Expected.of("fdleak"));
        assertThat(pprof.inUseByType()).isEqualTo(byType);
        assertThat(pprof.created()).isEqualTo(info.get("creates").asInt());
        assertThat(pprof.categories()).contains("socket=socket", "pipe=ipc", "eventfd=sync", "file=file");
    }
}
