package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.handlespy.Finished;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux tarball as a user gets it: unpacked, its own launcher script finds a
 * Java 21+ runtime and runs the app from its own jars, whose helper and hook
 * library come from the tarball too.
 */
class LinuxDistributionIT {
    private static Path home;

    @BeforeAll
    static void unpack(@TempDir Path into) throws Exception {
        Path tarball = Path.of(System.getProperty("handlespy.linux.tarball"));
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        home = into.resolve("handlespy-" + tarball.getFileName().toString()
            .replaceFirst("^handlespy-", "").replaceFirst("-linux-x64\\.tar\\.gz$", ""));
    }

    @Test
    void tarballHoldsTheLauncherTheLinuxPartsAndTheWindowsHelpers() {
        assertThat(home.resolve("handlespy")).isExecutable();
        for (String f : List.of("lib/handlespy.jar", "native/linux-x86_64/handlespy-injector",
                "native/linux-x86_64/libhandlespy-hook.so", "native/windows-x86_64/handlespy-injector.exe",
                "native/windows-x86/handlespy-hook.dll")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        assertThat(home.resolve("native/linux-x86_64/handlespy-injector")).isExecutable();
    }

    @Test
    void launcherRecordsALaunchedProgramsLeaksFromTheTarballsOwnParts(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("fdleak.mv.db");
        Finished record = run(Map.of(), "record", "--out", recording.toString(), "--", LinuxAgent.program("fdleak"));
        assertThat(record.exitCode()).as(record.err()).isZero();

        Finished leaks = run(Map.of(), "leaks", recording.toString(), "--format", "json");
        assertThat(leaks.exitCode()).as(leaks.err()).isZero();
        Map<String, Integer> byFunction = new TreeMap<>();
        for (JsonNode g : new ObjectMapper().readTree(leaks.out()).get("groups")) {
            byFunction.merge(g.get("stack").get(0).get("function").asText(), g.get("count").asInt(), Integer::sum);
        }
        assertThat(byFunction).isEqualTo(Expected.of("fdleak"));
    }

    @Test
    void launcherPassesOverATooOldJavaHomeToANewerRuntime(@TempDir Path dir) throws Exception {
        Path oldJava = Files.createDirectories(dir.resolve("jdk-17/bin")).resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        assertThat(oldJava.toFile().setExecutable(true)).isTrue();

        Finished run = run(Map.of("JAVA_HOME", dir.resolve("jdk-17").toString(), "PATH", "/usr/bin:/bin"), "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: handlespy");
    }

    @Test
    void launcherMakesItsClassCacheInTheBackgroundAndThenStartsFromItWithoutAWord(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("fdleak.mv.db");
        assertThat(run(Map.of(), "record", "--out", recording.toString(), "--", LinuxAgent.program("fdleak")).exitCode())
            .isZero();
        Path cache = home.resolve("cache");
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!trainedCache(cache)) {
            assertThat(System.nanoTime()).as("the class cache in " + cache + " within 240 s").isLessThan(deadline);
            Thread.sleep(200);
        }

        Path classLog = dir.resolve("classes.txt");
        Finished cached = run(Map.of("HANDLESPY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
            "leaks", recording.toString(), "--format", "json");
        Finished uncached = run(Map.of("HANDLESPY_NO_CLASS_CACHE", "1"), "leaks", recording.toString(), "--format", "json");

        assertThat(cached.exitCode()).as(cached.err()).isZero();
        assertThat(cached.out()).isEqualTo(uncached.out());
        assertThat(cached.err()).isEqualTo(uncached.err());
        assertThat(Files.readAllLines(classLog))
            .anyMatch(l -> l.contains(" io.handlespy.cli.HandleSpyCli source: shared objects file"))
            // not looked for in the jars (javafx's among them) one by one
            .anyMatch(l -> l.contains(" io.handlespy.Main source: shared objects file"))
            // picocli's own jar is compiled for Java 5, which no class cache holds: the build rewrites it
            .anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"))
            .noneMatch(l -> l.contains("source: file:") && l.contains("/lib/picocli-"));
    }

    /** A cache file is there and no training run is still making one. */
    private static boolean trainedCache(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) return false;
        try (var files = Files.list(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith(".aot") || n.endsWith(".jsa"))
                && names.stream().noneMatch(n -> n.contains(".training."));
        }
    }

    private static Finished run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("handlespy").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return Finished.of(p, 300, "handlespy " + String.join(" ", args));
    }
}
