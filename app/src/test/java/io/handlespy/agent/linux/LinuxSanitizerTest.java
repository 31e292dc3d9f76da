package io.handlespy.agent.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook library built with AddressSanitizer + UBSan (libhandlespy-hook-asan.so)
 * runs the leak programs clean. libasan must come first in LD_PRELOAD; leak
 * detection is off because the test programs leak memory on purpose (FILE*, DIR*).
 */
class LinuxSanitizerTest {
    @TempDir Path dir;

    private static Map<String, String> sanitized() throws Exception {
        Process gcc = new ProcessBuilder("gcc", "-print-file-name=libasan.so").start();
        String libasan = LinuxAgent.text(gcc.getInputStream()).trim();
        assertThat(gcc.waitFor()).isZero();
        assertThat(Path.of(libasan)).exists();
        Path hook = LinuxAgent.NATIVE.resolve("libhandlespy-hook-asan.so");
        assertThat(hook).exists();
        return Map.of("HANDLESPY_HOOK_PRELOAD", libasan + ":" + hook,
            "ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0:exitcode=86",
            "UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=87");
    }

    @Test
    void fdleakUnderSanitizersIsCleanAndCountsTheSame() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, sanitized(), LinuxAgent.program("fdleak"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("AddressSanitizer").doesNotContain("runtime error");
        // ASan intercepts recvmsg itself and calls on into the hook: its interceptor
        // is then the hook's caller, and so the innermost frame of that stack.
        Map<String, Integer> expected = new java.util.TreeMap<>(Expected.of("fdleak"));
        expected.put("__interceptor_recvmsg", expected.remove("leak_recvmsg"));
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(expected);
        assertThat(Files.readString(dir.resolve("events.bin.stderr"))).isEmpty();
    }

    @Test
    void churnUnderSanitizersIsClean() throws Exception {
        LinuxAgent.Run run = LinuxAgent.launch(dir, sanitized(), LinuxAgent.program("churn"), "4", "5000");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(LeakTally.of(run.frames()).leaksByFunction()).isEqualTo(Map.of("slow_leak", 5));
    }
}
