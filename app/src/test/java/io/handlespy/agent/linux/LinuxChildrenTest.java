package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Children of the recorded process: the ones sharing its memory, and the programs it becomes through exec. */
class LinuxChildrenTest {
    @TempDir Path dir;

    /** vfork, clone(CLONE_VM) with and without CLONE_VFORK, posix_spawn and popen children on the parent's TLS. */
    @Test
    void nothingAChildSharingTheParentsMemoryDoesIsRecordedAsTheParents() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), LinuxAgent.program("vmchild"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        LeakTally tally = LeakTally.of(run.frames());
        assertThat(tally.leaksByFunction()).isEqualTo(Map.of("before_children", 2, "after_children", 1));
        assertThat(tally.unmatchedCloses()).isZero();
        assertThat(tally.implicitCloses()).isZero();
        assertThat(run.all(Frame.Duplicate.class)).isEmpty();
        assertThat(run.all(Frame.Create.class)).allMatch(c -> c.thread() == run.frames().stream()
            .filter(Frame.Hello.class::isInstance).map(f -> ((Frame.Hello) f).pid()).findFirst().orElseThrow());
    }

    /** A pyenv-style shim: env runs bash, which execs Debian's python3, which runs the subprocess script. */
    @Test
    void aLaunchedShimIsFollowedThroughItsExecsIntoTheRealProgram() throws Exception {
        Path shim = dir.resolve("python3");
        Files.writeString(shim, """
            #!/usr/bin/env bash
            set -e
            real=/usr/bin/python3
            exec "$real" "$@"
            """);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwx------"));
        Path files = Files.createDirectories(dir.resolve("files"));

        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), shim.toString(),
            LinuxAgent.program("subprocess_leak.py"), files.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, Integer> leaked = new TreeMap<>();
        LeakTally.of(run.frames()).leaks().forEach(l -> leaked.merge(l.name(), 1, Integer::sum));
        Map<String, Integer> twenty = new TreeMap<>();
        IntStream.range(0, 20).forEach(i -> twenty.put(files.resolve(String.format("leak-%02d.txt", i)).toString(), 1));
        assertThat(leaked).isEqualTo(twenty);
        List<String> notes = run.all(Frame.Note.class).stream().map(Frame.Note::text).toList();
        assertThat(notes).contains("the target replaced its program (exec): now /usr/bin/bash",
            "the target replaced its program (exec): now /usr/bin/python3.11");
        assertThat(notes).filteredOn(n -> n.startsWith("the target runs Python")).containsExactly(
            "the target runs Python (/usr/bin/python3.11): its stacks name the interpreter's C functions (such as "
                + "_io_FileIO___init___impl and _PyEval_EvalFrameDefault), not the Python functions that called them, "
                + "which HandleSpy does not read");
        assertThat(modulesLoadedAtTheEnd(run)).contains("/usr/bin/python3.11")
            .doesNotContain("/usr/bin/env", "/usr/bin/bash");
    }

    /** dash -c holds no close-on-exec descriptor at its exec: its modules go with its image all the same. */
    @Test
    void anExecWithNothingToCloseStillUnloadsTheOldProgramsModules() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, Map.of(), "/bin/sh", "-c", "exec \"$0\"",
            LinuxAgent.program("fdleak"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(modulesLoadedAtTheEnd(run)).contains(LinuxAgent.program("fdleak")).doesNotContain("/usr/bin/dash");
    }

    private static Set<String> modulesLoadedAtTheEnd(LinuxAgent.Run run) {
        Map<Long, String> loaded = new HashMap<>();
        for (Frame f : run.frames()) {
            if (f instanceof Frame.ModuleLoad m) loaded.put(m.base(), m.path());
            if (f instanceof Frame.ModuleUnload u) loaded.remove(u.base());
        }
        return new HashSet<>(loaded.values());
    }
}
