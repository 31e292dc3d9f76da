package io.handlespy.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the app copes when the native helper misbehaves. The helper here is a real
 * process (a shell script standing in for handlespy-injector) writing real bytes
 * into the real event FIFO, so the app's channel handling is what is tested.
 */
@Timeout(30)
class CaptureSessionFailureTest {
    @TempDir Path dir;

    private static final Frame HELLO = new Frame.Hello(1, 2, 2, 4242, 1_000_000_000L, 0, 0, "/bin/target");

    private final List<Frame> received = new CopyOnWriteArrayList<>();

    @Test
    void garbageAfterValidFramesKeepsThemAndSaysWhatHappened() throws Exception {
        Path frames = stream("stream.bin", HELLO, new Frame.Create(10, 5, 1, 0, 64, 1, "/tmp/a"),
            new Frame.Create(20, 6, 1, 0, 64, 1, "/tmp/b"));
        Files.write(frames, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 5, 0, 0, 0},
            java.nio.file.StandardOpenOption.APPEND);
        NativeLocator natives = helper("cat '" + frames + "' > \"$out\"\nexit 0");

        CaptureSession session = CaptureSession.start(attach(), natives, received::add, Duration.ofSeconds(10));
        CaptureResult result = session.awaitEnd();

        assertThat(result.ending()).isEqualTo(CaptureResult.Ending.CHANNEL_CORRUPT);
        assertThat(result.frames()).isEqualTo(3);
        assertThat(received).hasSize(3);
        assertThat(received.get(2)).isEqualTo(new Frame.Create(20, 6, 1, 0, 64, 1, "/tmp/b"));
        assertThat(result.message())
            .contains("not HandleSpy protocol")
            .contains("more than the 1048576-byte limit")
            .contains("the 3 frames before it are kept");
    }

    @Test
    void helperRefusingTheTargetBecomesAPlainErrorWithItsReason() throws Exception {
        NativeLocator natives = helper("echo 'no process has PID 999999; list processes with: handlespy ps' >&2\nexit 3");

        assertThatThrownBy(() -> CaptureSession.start(attach(), natives, received::add, Duration.ofSeconds(10)))
            .isInstanceOfSatisfying(CaptureException.class, e -> {
                assertThat(e.reason()).isEqualTo(CaptureException.Reason.NO_SUCH_PROCESS_OR_ACCESS_DENIED);
                assertThat(e.getMessage()).isEqualTo("no process has PID 999999; list processes with: handlespy ps");
            });
        assertThat(received).isEmpty();
    }

    @Test
    void helperDyingMidStreamEndsTheCaptureWithWhatItSent() throws Exception {
        Path frames = stream("stream.bin", HELLO, new Frame.Create(10, 5, 1, 0, 64, 1, "/tmp/a"));
        NativeLocator natives = helper("cat '" + frames + "' > \"$out\"\necho 'lost the target' >&2\nexit 5");

        CaptureSession session = CaptureSession.start(attach(), natives, received::add, Duration.ofSeconds(10));
        CaptureResult result = session.awaitEnd();

        assertThat(result.ending()).isEqualTo(CaptureResult.Ending.HELPER_FAILED);
        assertThat(result.message()).isEqualTo("lost the target");
        assertThat(received).hasSize(2);
    }

    @Test
    void detachRequestReachesTheHelperThroughTheControlFile() throws Exception {
        Path frames = stream("stream.bin", HELLO);
        Path goodbye = stream("goodbye.bin", new Frame.Goodbye(99, Frame.Goodbye.DETACHED, "detached"));
        NativeLocator natives = helper("exec 3>\"$out\"\ncat '" + frames + "' >&3\n"
            + "while [ ! -e \"$control\" ]; do sleep 0.05; done\ncat '" + goodbye + "' >&3\nexit 0");

        CaptureSession session = CaptureSession.start(attach(), natives, received::add, Duration.ofSeconds(10));
        assertThat(session.isRunning()).isTrue();
        session.requestStop();
        CaptureResult result = session.awaitEnd();

        assertThat(result.ending()).isEqualTo(CaptureResult.Ending.DETACHED);
        assertThat(received).extracting(Frame::kind).containsExactly(Frame.HELLO, Frame.GOODBYE);
    }

    /** Frames encoded exactly as a helper writes them, in a file the scripted helper copies to the channel. */
    private Path stream(String name, Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameEncoder enc = new FrameEncoder();
        for (Frame f : frames) enc.write(bytes, f);
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static CaptureRequest attach() {
        return new CaptureRequest.Attach(TargetPlatform.LINUX_X64, 4242, false);
    }

    /** A helper that parses --output/--control like the real one, then runs {@code body}. */
    private NativeLocator helper(String body) throws IOException {
        Path platformDir = Files.createDirectories(dir.resolve("native").resolve(TargetPlatform.LINUX_X64.folder()));
        Path script = platformDir.resolve(TargetPlatform.LINUX_X64.injectorName());
        Files.writeString(script, """
            #!/bin/bash
            out=""; control=""
            while [ $# -gt 0 ]; do
              case "$1" in --output) out=$2; shift;; --control) control=$2; shift;; esac
              shift
            done
            """ + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new NativeLocator(dir.resolve("native"));
    }
}
