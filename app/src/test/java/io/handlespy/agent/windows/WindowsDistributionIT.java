package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.Finished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows distribution as a user gets it: the zip the build made is unpacked,
 * and everything below runs from the unpacked files only — the app's own jars
 * (run here as the CLI through Wine, the only difference from a Windows host),
 * the helpers and hook DLLs, and the launcher script under Wine's cmd. The bytes
 * that ship are the bytes tested.
 */
@ExtendWith(Wine.class)
class WindowsDistributionIT {
    private static Path home;

    @BeforeAll
    static void unpack() throws IOException {
        Path zip = Path.of(System.getProperty("handlespy.windows.zip"));
        Path into = zip.resolveSibling("windows-zip-it");
        if (Files.exists(into)) {
            try (Stream<Path> old = Files.walk(into)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = into.resolve(e.getName()).normalize();
                if (!to.startsWith(into)) throw new IOException("zip entry outside the folder: " + e.getName());
                if (e.isDirectory()) Files.createDirectories(to);
                else Files.copy(in, Files.createDirectories(to.getParent()).resolve(to.getFileName()));
            }
        }
        try (Stream<Path> top = Files.list(into)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void zipHoldsTheLauncherHelpersForBothBitnessesAndJavaFxForWindows() throws IOException {
        for (String f : List.of("handlespy.cmd", "README.txt", "lib/handlespy.jar",
                "native/windows-x86_64/handlespy-injector.exe", "native/windows-x86_64/handlespy-hook.dll",
                "native/windows-x86/handlespy-injector.exe", "native/windows-x86/handlespy-hook.dll")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(jars).filteredOn(j -> j.startsWith("javafx-") && j.endsWith("-linux.jar")).isEmpty();
        assertThat(jars).filteredOn(j -> j.startsWith("javafx-") && j.endsWith("-win.jar"))
            .hasSize((int) jars.stream().filter(j -> j.matches("javafx-[a-z]+-[0-9.]+\\.jar")).count())
            .isNotEmpty();
        assertThat(Files.readString(home.resolve("handlespy.cmd"))).contains("\r\n");
        assertThat(Files.exists(home.resolve("native/linux-x86_64"))).isFalse();
    }

    @Test
    void helperFromTheZipListsWindowsProcesses(Wine.Prefix wine) throws Exception {
        InjectorRun ps = InjectorRun.run(wine, home.resolve("native/windows-x86_64/handlespy-injector.exe"),
            List.of("ps"), 120);
        assertThat(ps.exitCode()).as(ps.stderr()).isZero();
        assertThat(ps.stdout().lines()).anyMatch(l -> l.matches("\\d+\tx64\t.*\thandlespy-injector\\.exe\t.*"));
    }

    @Test
    void appAndHelpersFromTheZipRecordALaunchedProgramsLeaks(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("launched.mv.db");
        Finished record = cli(wine, "record", "--wine", "--out", recording.toString(), "--",
            Binaries.X64.testProgram("win-leaks").toString());
        assertThat(record.exitCode()).as(record.err()).isZero();
        assertThat(record.err()).contains("exit code 3");
        assertThat(record.out()).matches("(?s)pid \\d+\r?\nleaked\r?\n");

        Finished leaks = cli(wine, "leaks", recording.toString(), "--format", "json");
        assertThat(leaks.exitCode()).as(leaks.err()).isZero();
        assertThat(WindowsCliTest.leaksByFunction(leaks.out())).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());
    }

    @Test
    void appAndHelpersFromTheZipRecordAnAttachedProgramsLeaks(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("attached.mv.db"), hold = dir.resolve("hold");
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-leaks"),
                List.of("--wait-hooked", "--hold", Wine.windowsPath(hold)))) {
            long pid = target.windowsPid();
            CompletableFuture<Finished> record = CompletableFuture.supplyAsync(() -> cli(wine, "record", "--wine",
                "--pid", Long.toString(pid), "--duration", "12", "--out", recording.toString()));
            target.awaitLine("leaked", 120);
            Finished done = record.get(180, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.err()).isZero();
            assertThat(target.isAlive()).isTrue();

            Finished leaks = cli(wine, "leaks", recording.toString(), "--format", "json");
            assertThat(WindowsCliTest.leaksByFunction(leaks.out())).isEqualTo(WindowsLaunchLeaksTest.expectedLeaks());
            Target.touch(hold);
            assertThat(target.awaitExit(60)).isEqualTo(3);
        }
    }

    @Test
    void launcherTakesTheFirstJava21OrNewerAndPassesTheArgumentsOn(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path tooOld = fakeJava(dir.resolve("jre8"), "1.8.0_412");
        fakeJava(dir.resolve("pf/Eclipse Adoptium/jdk-17.0.9"), "17.0.9");
        Path temurin21 = fakeJava(dir.resolve("pf/Eclipse Adoptium/jdk-21.0.5-hotspot"), "21.0.5");
        fakeJava(dir.resolve("pf/Java/jdk-25"), "25");

        Finished run = launcher(wine, dir, "set \"JAVA_HOME=" + Wine.windowsPath(tooOld) + "\"",
            "set \"ProgramFiles=" + Wine.windowsPath(dir.resolve("pf")) + "\"", "leaks", "\"my run.mv.db\"", "--format",
            "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(launches(temurin21)).containsExactly(Wine.windowsPath(temurin21.resolve("bin/java.exe")),
            "-XX:SharedArchiveFile=" + classCache(dir, 21), "-XX:+AutoCreateSharedArchive", "-XX:TieredStopAtLevel=1", "-cp",
            Wine.windowsPath(home) + "\\lib\\*", "io.handlespy.Main", "leaks", "my run.mv.db", "--format", "json");
        assertThat(dir.resolve("nowhere/HandleSpy/cache")).isDirectory();
        assertThat(tooOld.resolve("bin/launches.txt")).doesNotExist();
    }

    @Test
    void launcherPrefersJavaOnPathAndGivesNewerRuntimesTheirFlags(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path jdk25 = fakeJava(dir.resolve("jdk-25"), "25.0.1");

        Finished run = launcher(wine, dir, "set \"PATH=" + Wine.windowsPath(jdk25.resolve("bin")) + ";%PATH%\"", "", "ps");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(launches(jdk25)).containsExactly(Wine.windowsPath(jdk25.resolve("bin/java.exe")),
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-XX:SharedArchiveFile=" + classCache(dir, 25), "-XX:+AutoCreateSharedArchive", "-cp",
            Wine.windowsPath(home) + "\\lib\\*", "io.handlespy.Main", "ps");
    }

    @Test
    void launcherWithoutASuitableJavaSaysWhatToInstall(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path java17 = fakeJava(dir.resolve("jdk-17"), "17.0.12");

        Finished run = launcher(wine, dir, "set \"JAVA_HOME=" + Wine.windowsPath(java17) + "\"", "", "--help");

        assertThat(run.exitCode()).isEqualTo(9);
        assertThat(run.err())
            .contains("no Java 21 or newer was found (looked in JAVA_HOME, on PATH and in the usual install folders)")
            .contains("found only older ones: " + Wine.windowsPath(java17.resolve("bin/java.exe")) + " (Java 17.0.12);")
            .contains("winget install EclipseAdoptium.Temurin.21.JDK");
        assertThat(java17.resolve("bin/launches.txt")).doesNotExist();
    }

    /** The CLI from the zip's jars, in a JVM of its own, on this Linux host (so Windows targets go through Wine). */
    private static Finished cli(Wine.Prefix wine, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", home.resolve("lib") + "/*", "io.handlespy.Main"));
        cmd.addAll(List.of(args));
        try {
            Process p = wine.builder(cmd).start();
            p.getOutputStream().close();
            return Finished.of(p, 300, "handlespy " + String.join(" ", args));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the zip's handlespy.cmd under Wine's cmd after the given SET lines. The
     * install folders point at empty places unless a line says otherwise, so only
     * the fake runtimes of the test can be found (Wine's registry would override
     * them if set from outside, hence a driver script).
     */
    private static Finished launcher(Wine.Prefix wine, Path dir, String set1, String set2, String... args)
        throws Exception {
        String nowhere = Wine.windowsPath(dir.resolve("nowhere"));
        List<String> lines = new ArrayList<>(List.of("@echo off", "set \"JAVA_HOME=\"", "set \"ProgramFiles=" + nowhere + "\"",
            "set \"ProgramW6432=" + nowhere + "\"", "set \"LOCALAPPDATA=" + nowhere + "\"", set1, set2));
        // No CALL: control passes to the launcher, so its exit code is the driver's.
        lines.add("\"" + Wine.windowsPath(home.resolve("handlespy.cmd")) + "\" " + String.join(" ", args));
        Path driver = dir.resolve("driver.cmd");
        Files.writeString(driver, String.join("\r\n", lines) + "\r\n");
        Process p = wine.builder(List.of("wine", "cmd", "/c", Wine.windowsPath(driver))).start();
        p.getOutputStream().close();
        return Finished.of(p, 120, "handlespy.cmd");
    }

    /** The class-data cache the launcher names for Java {@code major}, under the driver's LOCALAPPDATA. */
    private static String classCache(Path dir, int major) {
        return Wine.windowsPath(dir.resolve("nowhere")) + "\\HandleSpy\\cache\\java" + major + ".jsa";
    }

    /** A runtime folder whose bin\java.exe answers -version with {@code version} and logs its launches. */
    private static Path fakeJava(Path folder, String version) throws IOException {
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Files.copy(Binaries.X64.testProgram("fake-java"), bin.resolve("java.exe"));
        Files.writeString(bin.resolve("version.txt"), version + "\n");
        return folder;
    }

    private static List<String> launches(Path runtime) throws IOException {
        return Files.readAllLines(runtime.resolve("bin/launches.txt")).stream()
            .map(String::strip).toList();
    }
}
