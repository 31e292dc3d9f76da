package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.TimeWindow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void secondsAndWindows() {
        assertThat(Formats.seconds(12_345_678_901L)).isEqualTo("12.346");
        assertThat(Formats.seconds(0)).isEqualTo("0.000");
        assertThat(Formats.window(TimeWindow.ofSeconds(1.5, 4))).isEqualTo("1.500 s – 4.000 s (2.500 s)");
    }

    @Test
    void parsesWhatUsersType() {
        assertThat(Formats.parseSeconds("12.5")).isEqualTo(12_500_000_000L);
        assertThat(Formats.parseSeconds(" 12,5 s ")).isEqualTo(12_500_000_000L);
        assertThat(Formats.parseSeconds("0")).isZero();
        assertThat(Formats.parseSeconds("-1")).isNull();
        assertThat(Formats.parseSeconds("abc")).isNull();
        assertThat(Formats.parseSeconds("NaN")).isNull();
        assertThat(Formats.parseSeconds(null)).isNull();
    }

    @Test
    void countsRatesAndElapsed() {
        assertThat(Formats.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(Formats.rate(950)).isEqualTo("950/s");
        assertThat(Formats.rate(12_345)).isEqualTo("12.3k/s");
        assertThat(Formats.rate(1_204_000)).isEqualTo("1.20M/s");
        assertThat(Formats.elapsed(65_000_000_000L)).isEqualTo("1:05");
        assertThat(Formats.elapsed(3_725_000_000_000L)).isEqualTo("1:02:05");
        assertThat(Formats.hex(0x1a4)).isEqualTo("0x1a4");
        assertThat(Formats.millis(3.45)).isEqualTo("3.5 ms");
    }

    @Test
    void typesLargestFirstAndASingleTypePlain() {
        assertThat(Formats.types(Map.of("Event", 2, "Mutant", 1, "File", 2))).isEqualTo("Event ×2, File ×2, Mutant ×1");
        assertThat(Formats.types(Map.of("socket", 12))).isEqualTo("socket");
    }

    @Test
    void commandLinesSplitLikeAShellButKeepWindowsPaths() {
        assertThat(CommandLine.split("--config \"my file.ini\" -v 'a b'"))
                .containsExactly("--config", "my file.ini", "-v", "a b");
        assertThat(CommandLine.split("C:\\tools\\x.exe  \"say \\\"hi\\\"\" ''"))
                .containsExactly("C:\\tools\\x.exe", "say \"hi\"", "");
        assertThat(CommandLine.split("   ")).isEmpty();
    }

    @Test
    void tokensNameTheirLogonSessionAccountAndKind() {
        assertThat(Formats.token(new io.handlespy.store.TokenFacts(0x3e7, 2, 3, "NT AUTHORITY\\SYSTEM")))
            .isEqualTo("logon 00000000:000003e7 NT AUTHORITY\\SYSTEM Impersonation/Delegation");
        assertThat(Formats.token(new io.handlespy.store.TokenFacts(0x1_0000_0002L, 1, 0xFFFF, "S-1-5-21-1-2-3-1001")))
            .isEqualTo("logon 00000001:00000002 S-1-5-21-1-2-3-1001 Primary");
        assertThat(Formats.token(null)).isEmpty();
    }
}
