package io.handlespy.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcessListerTest {
    @Test
    void listsARunningLinuxProcessWithItsDescriptorCount() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            List<TargetProcess> all = new ProcessLister(new NativeLocator(Path.of("unused"))).linux();
            TargetProcess p = all.stream().filter(t -> t.pid() == sleeper.pid()).findFirst().orElseThrow();
            long fds;
            try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(sleeper.pid()), "fd"))) {
                fds = s.count();
            }
            assertThat(p.name()).isEqualTo("sleep");
            assertThat(p.arch()).isEqualTo("x64");
            assertThat(p.handleCount()).isEqualTo(fds);
            assertThat(p.commandLine()).endsWith("sleep 30");
            assertThat(p.user()).isEqualTo(System.getProperty("user.name"));
            assertThat(p.platform()).isEqualTo(TargetPlatform.LINUX_X64);
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void parsesTheWindowsHelpersListingAndSkipsDamagedLines() {
        String text = "PID\tARCH\tUSER\tHANDLES\tNAME\tCOMMAND\r\n"
            + "32\tx64\troot\t17\tservices.exe\tC:\\windows\\system32\\services.exe\r\n"
            + "garbage line\r\n"
            + "264\tx86\troot\t5\tleaky32.exe\tleaky32.exe --wait\tx\r\n";

        List<TargetProcess> list = ProcessLister.parseWinePs(text);

        assertThat(list).containsExactly(
            new TargetProcess(32, "services.exe", "x64", "root", 17, "C:\\windows\\system32\\services.exe", TargetPlatform.WINDOWS_X64),
            new TargetProcess(264, "leaky32.exe", "x86", "root", 5, "leaky32.exe --wait\tx", TargetPlatform.WINDOWS_X86));
    }
}
