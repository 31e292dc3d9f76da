package io.handlespy.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Perf map names as HotSpot 17 and 25 write them, measured with jcmd PID Compiler.perfmap. */
class JvmFrameNamesTest {
    @Test
    void aCompiledMethodOrNativeWrapperIsItsClassAndMethod() {
        assertThat(JvmFrameNames.frameName("void java.io.FileInputStream.open0(java.lang.String)"))
            .isEqualTo("java.io.FileInputStream.open0");
        assertThat(JvmFrameNames.frameName("java.io.FileInputStream JvmLeak.leakFile(java.io.File)"))
            .isEqualTo("JvmLeak.leakFile");
        assertThat(JvmFrameNames.frameName("void java.lang.Object.<init>()")).isEqualTo("java.lang.Object.<init>");
        assertThat(JvmFrameNames.frameName("int[] Outer$Inner.sizes(java.util.Map, int)")).isEqualTo("Outer$Inner.sizes");
    }

    @Test
    void theInterpreterSaysNoMethod() {
        assertThat(JvmFrameNames.frameName("Interpreter")).isEqualTo("[interpreted Java]");
    }

    @Test
    void stubsKeepTheirNameInBrackets() {
        assertThat(JvmFrameNames.frameName("StubRoutines (initialstubs)")).isEqualTo("[JVM StubRoutines (initialstubs)]");
        assertThat(JvmFrameNames.frameName("native signature handlers")).isEqualTo("[JVM native signature handlers]");
        assertThat(JvmFrameNames.frameName("I2C/C2I adapters(0xbeb1)")).isEqualTo("[JVM I2C/C2I adapters(0xbeb1)]");
    }
}
