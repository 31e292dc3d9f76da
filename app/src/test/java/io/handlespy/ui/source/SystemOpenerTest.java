package io.handlespy.ui.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a folder through a real command: success is quiet, every failure says why. */
class SystemOpenerTest {
    @TempDir Path dir;

    @Test
    void aHandlerThatTakesThePathIsSuccess() throws Exception {
        new SystemOpener(List.of("true")).open(dir);
    }

    @Test
    void aMissingOrFailingHandlerSaysWhy() {
        assertThatThrownBy(() -> new SystemOpener(List.of("handlespy-test-no-such-opener")).open(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("handlespy-test-no-such-opener is not installed, so nothing can open " + dir);
        assertThatThrownBy(() -> new SystemOpener(List.of("sh", "-c", "echo no handler for $0 >&2; exit 3")).open(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("sh could not open " + dir + " (exit code 3): no handler for " + dir);
        assertThat(SystemOpener.forThisDesktop()).isNotNull();
    }
}
