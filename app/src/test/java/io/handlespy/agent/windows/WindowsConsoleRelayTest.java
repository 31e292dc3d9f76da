package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.CaptureRequest;
import io.handlespy.capture.CaptureResult;
import io.handlespy.capture.CaptureSession;
import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.TargetPlatform;
import io.handlespy.protocol.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product's capture path for a launched Windows program, through the real
 * helper under Wine: frames on the helper's stdout, and the program's console
 * output relayed stream for stream, complete, before the capture ends.
 */
@ExtendWith(Wine.class)
class WindowsConsoleRelayTest {

    @Test
    void launchedProgramsOutputArrivesWholeAndApartFromTheFrames(Wine.Prefix wine) throws Exception {
        Path program = Binaries.X64.testProgram("win-leaks");
        List<Frame> frames = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        CaptureRequest launch = new CaptureRequest.Launch(TargetPlatform.WINDOWS_X64, List.of(program.toString()),
            null, false);

        CaptureSession session = CaptureSession.start(launch, NativeLocator.fromEnvironment(),
            HelperRunner.WINE, frames::add,
            o -> (o.stream() == Frame.Output.STDOUT ? stdout : stderr).writeBytes(o.data()), Duration.ofSeconds(120));
        CaptureResult result = session.awaitEnd();

        assertThat(result.ending()).as(result.message()).isEqualTo(CaptureResult.Ending.TARGET_EXITED);
        assertThat(result.targetExitCode()).hasValue(3);
        long pid = ((Frame.Hello) frames.get(0)).pid();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("pid " + pid + "\r\nleaked\r\n");
        assertThat(stderr.size()).isZero();
        assertThat(frames).noneMatch(f -> f instanceof Frame.Output);
        assertThat(frames.get(frames.size() - 1)).isInstanceOf(Frame.Goodbye.class);
        assertThat(frames).filteredOn(Frame.Note.class::isInstance).map(f -> ((Frame.Note) f).text())
            .filteredOn(t -> t.startsWith("SeDebugPrivilege")).containsExactly("SeDebugPrivilege enabled: services and other users' processes can be recorded");
    }
}
