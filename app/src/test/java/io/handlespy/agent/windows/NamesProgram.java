package io.handlespy.agent.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.handlespy.cli.CliRun;

/** What the tests read from win-names' source and from {@code leaks --format json} of its recordings. */
final class NamesProgram {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The innermost frame of a leak group inside the program: function, file, line. */
    record CallSite(String function, String file, int line) {}

    private NamesProgram() {}

    /** Each leaking function's call line, from the "call:NAME" markers in win_names.c. */
    static Map<String, Integer> callLines() throws IOException {
        Path source = Path.of(System.getProperty("handlespy.repo.dir", ".")).resolve("test-programs/windows/win_names.c");
        List<String> lines = Files.readAllLines(source);
        Map<String, Integer> out = new TreeMap<>();
        Pattern marker = Pattern.compile("/\\* call:(\\w+) \\*/");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = marker.matcher(lines.get(i));
            if (m.find()) out.put(m.group(1), i + 1);
        }
        return out;
    }

    static JsonNode leaks(Path recording, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("leaks", recording.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        if (run.exitCode() != 0) throw new AssertionError("leaks failed: " + run.err());
        return JSON.readTree(run.out());
    }

    /** The innermost frame of the group's stack inside the module named {@code exe}, or null. */
    static CallSite callSite(JsonNode group, String exe) {
        for (JsonNode f : group.get("stack")) {
            if (f.get("module").asText().toLowerCase(Locale.ROOT).endsWith(exe)) {
                return new CallSite(f.get("function").isNull() ? null : f.get("function").asText(),
                    f.get("file").isNull() ? null : f.get("file").asText(), f.get("line").isNull() ? 0 : f.get("line").asInt());
            }
        }
        return null;
    }

    /** For each program function, "Type name" of every handle it leaked, sorted. */
    static Map<String, List<String>> namesByFunction(JsonNode leaks, String exe) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode g : leaks.get("groups")) {
            CallSite site = callSite(g, exe);
            if (site == null || site.function() == null) continue;
            for (JsonNode h : g.get("handles")) {
                out.computeIfAbsent(site.function(), k -> new ArrayList<>())
                    .add(h.get("type").asText() + " " + h.get("name").asText());
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** For each program function, "session account type/level" of every token it leaked, sorted. */
    static Map<String, List<String>> tokensByFunction(JsonNode leaks, String exe) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode g : leaks.get("groups")) {
            CallSite site = callSite(g, exe);
            if (site == null || site.function() == null) continue;
            for (JsonNode h : g.get("handles")) {
                JsonNode t = h.get("token");
                if (t == null) continue;
                String level = t.get("impersonationLevel").isNull() ? "" : "/" + t.get("impersonationLevel").asText();
                out.computeIfAbsent(site.function(), k -> new ArrayList<>()).add(t.get("logonSession").asText() + " "
                    + t.get("account").asText() + " " + t.get("tokenType").asText() + level);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /**
     * The account Wine reports for this Linux user: the computer name (the host
     * name up to its first dot, upper case, at most 15 characters), a backslash,
     * the user name.
     */
    static String wineAccount() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        int dot = host.indexOf('.');
        if (dot >= 0) host = host.substring(0, dot);
        host = host.toUpperCase(Locale.ROOT);
        if (host.length() > 15) host = host.substring(0, 15);
        return host + "\\" + System.getProperty("user.name");
    }
}
