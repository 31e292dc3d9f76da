package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.StackFrame;
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

    @Test
    void fallsBackToTheInnermostFrameWhenEverythingIsSystem() {
        assertThat(UserFrames.innermostUser(List.of(Samples.NTDLL, Samples.KERNELBASE))).isEqualTo(Samples.NTDLL);
        assertThat(UserFrames.innermostUser(List.of())).isNull();
    }
}
