package io.handlespy.agent.linux;

import io.handlespy.protocol.Frame;
import io.handlespy.symbols.ElfSymbolizer;
import io.handlespy.symbols.ModuleRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM (this test's own JDK, from /usr/lib/jvm) attached by PID: the files Java code leaks, by path. */
class LinuxJvmTest {
    @TempDir Path dir;
    private Process target;

    @AfterEach
    void stopTarget() {
        if (target != null) target.destroyForcibly();
    }

    @Test
    void attachedJvmLeaksExactlyTheSevenFilesByPathWithUnnamedJavaFramesUpToTheThreadStart() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        target = new ProcessBuilder(java, LinuxAgent.program("JvmLeak.java"), files.toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8);
        LinuxAgent.awaitLine(out, "ready"::equals);

        Path events = dir.resolve("events.bin"), control = dir.resolve("stop");
        Process injector = LinuxAgent.start(List.of(LinuxAgent.INJECTOR.toString(), "attach", Long.toString(target.pid()),
            "--output", events.toString(), "--control", control.toString()), events, Map.of());
        LinuxAgent.awaitFrame(events, f -> f instanceof Frame.Sample, 30_000);
        in.write("go\n");
        in.flush();
        LinuxAgent.awaitLine(out, "done"::equals);
        Files.createFile(control);
        LinuxAgent.Run run = LinuxAgent.finish(injector, events, 60);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, Integer> leaked = new TreeMap<>();
        LeakTally.of(run.frames()).leaks().stream().filter(l -> l.name().startsWith(files.toString()))
            .forEach(l -> leaked.merge(l.name(), 1, Integer::sum));
        Map<String, Integer> seven = new TreeMap<>();
        IntStream.range(0, 7).forEach(i -> seven.put(files.resolve("jleak-" + i).toString(), 1));
        assertThat(leaked).isEqualTo(seven);
        assertThat(run.all(Frame.Note.class)).anyMatch(n -> n.text().startsWith("the target is a Java virtual machine"));
        Set<Integer> stacks = LeakTally.of(run.frames()).leaks().stream()
            .filter(l -> l.name().startsWith(files.toString())).map(LeakTally.Lifetime::stackId)
            .collect(Collectors.toSet());
        assertThat(stacks).hasSize(1);
        // The Java frames are there, unnamed (the JVM's generated code is in no module): at least the native
        // wrapper of FileInputStream.open0, open, <init>, leakFiles and main (15 with Temurin 25's source
        // launcher and reflection above main), between libjava's C code and the JVM's call into Java.
        List<String> names = frameNames(run.frames(), stacks.iterator().next());
        List<String> named = names.stream().filter(n -> !n.equals("?")).map(n -> n.replaceFirst("\\(.*", "")).toList();
        assertThat(named).as(names.toString()).containsSequence("libjava.so!handleOpen", "libjava.so!fileOpen",
            "libjvm.so!JavaCalls::call_helper");
        assertThat(named.getFirst()).isEqualTo("libjava.so!handleOpen");
        assertThat(named.getLast()).as(names.toString()).isEqualTo("libc.so.6!clone3");
        int javaCalls = names.indexOf(names.stream().filter(n -> n.startsWith("libjvm.so!JavaCalls::call_helper"))
            .findFirst().orElseThrow());
        assertThat(names.subList(2, javaCalls)).as(names.toString()).hasSizeGreaterThanOrEqualTo(5).containsOnly("?");
        in.close();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(target.exitValue()).isZero();
    }

    /** The stack's frames, innermost first: module!function, module+0xOFFSET, or "?" outside every module. */
    private static List<String> frameNames(List<Frame> frames, int stackId) {
        List<ModuleRef> modules = frames.stream().filter(f -> f instanceof Frame.ModuleLoad)
            .map(f -> (Frame.ModuleLoad) f).map(m -> new ModuleRef(m.path(), m.base(), m.size(),
                m.debugIdKind(), HexFormat.of().formatHex(m.debugId()))).toList();
        Frame.Stack stack = frames.stream().filter(f -> f instanceof Frame.Stack s && s.stackId() == stackId)
            .map(f -> (Frame.Stack) f).findFirst().orElseThrow();
        ElfSymbolizer symbolizer = new ElfSymbolizer();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < stack.depth(); i++) {
            long a = stack.frame(i);
            var module = modules.stream().filter(m -> m.contains(a)).findFirst();
            if (module.isEmpty()) {
                names.add("?");
                continue;
            }
            String file = Path.of(module.get().path()).getFileName().toString();
            var symbol = symbolizer.resolve(module.get(), List.of(a)).get(a);
            names.add(symbol == null ? file + "+0x" + Long.toHexString(a - module.get().base())
                : file + "!" + symbol.function());
        }
        return names;
    }
}
