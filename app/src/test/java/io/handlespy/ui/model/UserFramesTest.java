package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserFramesTest {
    @Test
    void skipsTheHookTheCRuntimeAndTheOsLibraries() {
        assertThat(UserFrames.innermostUser(Samples.fileGroup().stack())).isEqualTo(Samples.APP_OPEN);
        assertThat(UserFrames.innermostUser(Samples.eventGroup().stack())).isEqualTo(Samples.SERVICE);
    }

    @Test
    void recognisesSystemModulesByFileNameWhateverTheCase() {
        for (String m : List.of("/lib64/ld-linux-x86-64.so.2", "/usr/lib/libc.so.6", "C:\\WINDOWS\\system32\\KERNEL32.DLL",
                "c:\\windows\\system32\\kernelbase.dll", "C:\\Windows\\System32\\ntdll.dll",
                "/usr/lib/wine/x86_64-unix/ntdll.so", "/opt/hs/native/handlespy-hook-x64.dll",
                "/usr/lib/x86_64-linux-gnu/libpthread.so.0")) {
            assertThat(UserFrames.isSystem(new StackFrame(1, m, 0, null, null, 0))).as(m).isTrue();
        }
        for (String m : List.of("/srv/app/leaky", "/usr/lib/libcurl.so.4", "C:\\app\\libcrypto-3-x64.dll",
                "/srv/app/libcache.so")) {
            assertThat(UserFrames.isSystem(new StackFrame(1, m, 0, null, null, 0))).as(m).isFalse();
        }
        assertThat(UserFrames.isSystem(new StackFrame(1, null, 0, null, null, 0))).isFalse();
    }

    /** A JVM's leak: past libjava and the JDK's classes to the method that opened the stream. */
    @Test
    void skipsTheJvmsNativeLibrariesAndTheJdksClasses() {
        StackFrame leak = new StackFrame(5, null, 0, "JvmLeak.leakFile", null, 0);
        List<StackFrame> stack = List.of(
            new StackFrame(1, "/usr/lib/jvm/java-17-openjdk-amd64/lib/libjava.so", 0, "handleOpen", null, 0),
            new StackFrame(2, "/usr/lib/jvm/java-17-openjdk-amd64/lib/libjava.so", 0, "fileOpen", null, 0),
            new StackFrame(3, null, 0, "java.io.FileInputStream.open0", null, 0),
            new StackFrame(4, null, 0, "java.io.FileInputStream.<init>", null, 0),
            leak,
            new StackFrame(6, null, 0, "[interpreted Java]", null, 0));
        assertThat(UserFrames.innermostUser(stack)).isEqualTo(leak);
        assertThat(UserFrames.isSystem(new StackFrame(7, null, 0, "javafx.scene.Node.foo", null, 0))).isFalse();
    }

    @Test
    void fallsBackToTheInnermostFrameWhenEverythingIsSystem() {
        assertThat(UserFrames.innermostUser(List.of(Samples.NTDLL, Samples.KERNELBASE))).isEqualTo(Samples.NTDLL);
        assertThat(UserFrames.innermostUser(List.of())).isNull();
    }
}
