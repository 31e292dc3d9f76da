package io.handlespy.analysis;

import static io.handlespy.store.TestRecordings.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import io.handlespy.store.Recording;
import io.handlespy.store.TestRecordings;
import io.handlespy.symbols.SymbolInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames in no module are named from the CODE_SYMBOL frames the helper sends at the end (a JVM's perf
 * map), kept in the recording; module frames keep their module's symbols.
 */
class GeneratedCodeFramesTest {
    private static final long LIB = 0x7f00_0000_0000L, JIT = 0x7e00_0000_0000L;

    @TempDir Path dir;

    @Test
    void framesOutsideEveryModuleAreNamedFromTheRecordedCodeSymbols() throws Exception {
        long[] stack = {
            LIB + 0x100,          // in the module
            JIT + 0x40,           // inside the native wrapper
            JIT + 0x1000 + 0x80,  // a return address just past the end of a compiled method: the call is in it
            JIT + 0x2010,         // the interpreter
            JIT + 0x9000,         // in no module and no code symbol
        };
        Path file = TestRecordings.record(dir.resolve("jvm"), List.of(hello(),
            new Frame.ModuleLoad(1000, LIB, 0x1000, 0, new byte[0], "/usr/lib/jvm/lib/libjava.so"),
            new Frame.Stack(1, stack),
            new Frame.Create(2000, 5, 1, 1, 1, 1, "/tmp/leaked"),
            new Frame.CodeSymbol(3000, JIT, 0x80, "void java.io.FileInputStream.open0(java.lang.String)"),
            new Frame.CodeSymbol(3000, JIT + 0x1000, 0x80, "java.io.FileInputStream JvmLeak.leakFile(java.io.File)"),
            new Frame.CodeSymbol(3000, JIT + 0x2000, 0x4000, "Interpreter"),
            new Frame.Goodbye(4000, Frame.Goodbye.DETACHED, "detached")));

        try (Recording r = Recording.open(file)) {
            Map<Long, SymbolInfo> libjava = new HashMap<>();
            libjava.put(LIB + 0x100, new SymbolInfo("handleOpen", null, 0));
            Analysis analysis = new Analysis(r, (module, addresses) -> libjava);
            LeakReport report = analysis.leaks(analysis.whole(), Horizon.END);
            assertThat(report.groups()).hasSize(1);
            assertThat(report.groups().getFirst().stack().stream().map(StackFrame::display).toList()).containsExactly(
                "libjava.so!handleOpen", "java.io.FileInputStream.open0", "JvmLeak.leakFile", "[interpreted Java]",
                "0x7e0000009000");
        }
    }
}
