package io.handlespy.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The capture path a Windows host takes for a Windows target: the helper runs
 * directly ({@link HelperRunner#DIRECT}), frames arrive on its stdout, a launched
 * target's console output arrives inside the stream, and detach goes through the
 * control file. A script stands in for handlespy-injector.exe so the path runs on
 * this Linux machine exactly as it does on Windows; under Wine the same path runs
 * the real helper (the Windows agent tests), differing only in the runner.
 */
@Timeout(30)
class WindowsHostCaptureTest {
    @TempDir Path dir;

    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final List<Frame.Output> console = new CopyOnWriteArrayList<>();

    @Test
    void framesComeOnTheHelpersStdoutAndTheTargetsOutputIsRelayedApart() throws Exception {
        Path args = dir.resolve("args.txt");
        Frame hello = new Frame.Hello(1, Frame.Hello.OS_WINDOWS, Frame.Hello.ARCH_X64, 4242, 10_000_000L, 0, 0,
            "C:\\app\\service.exe");
        Frame create = new Frame.Create(10, 0x44, 7, 0, 2, 1, "\\BaseNamedObjects\\Ready");
        Path start = frames("start.bin", hello, new Frame.Output(11, Frame.Output.STDOUT, bytes("listening\r\n")),
            create, new Frame.Output(12, Frame.Output.STDERR, bytes("warning: slow disk\r\n")));
        Path end = frames("end.bin", new Frame.Goodbye(99, Frame.Goodbye.DETACHED, "detached"));
        NativeLocator natives = windowsHelper("printf '%s\\n' \"$@\" > '" + args + "'\n"
            + "cat '" + start + "'\n"
            + "echo 'helper: hooks installed' >&2\n"
            + "while [ ! -e \"$control\" ]; do sleep 0.05; done\n"
            + "cat '" + end + "'\nexit 0");
        CaptureRequest launch = new CaptureRequest.Launch(TargetPlatform.WINDOWS_X64,
            List.of("C:\\app\\service.exe", "--port", "0"), null, false);

        CaptureSession session = CaptureSession.start(launch, natives, HelperRunner.DIRECT, received::add,
            console::add, Duration.ofSeconds(10));
        session.requestStop();
        CaptureResult result = session.awaitEnd();

        assertThat(result.ending()).isEqualTo(CaptureResult.Ending.DETACHED);
        assertThat(received).containsExactly(hello, create, new Frame.Goodbye(99, Frame.Goodbye.DETACHED, "detached"));
        assertThat(console).extracting(Frame.Output::stream).containsExactly(Frame.Output.STDOUT, Frame.Output.STDERR);
        assertThat(console).extracting(o -> new String(o.data(), StandardCharsets.UTF_8))
            .containsExactly("listening\r\n", "warning: slow disk\r\n");
        List<String> helperArgs = Files.readAllLines(args);
        assertThat(helperArgs).doesNotContain("--output");
        assertThat(helperArgs.get(0)).isEqualTo("launch");
        assertThat(helperArgs.get(1)).isEqualTo("--control");
        assertThat(Path.of(helperArgs.get(2)).getFileName()).hasToString("detach");
        assertThat(helperArgs.subList(3, helperArgs.size()))
            .containsExactly("--", "C:\\app\\service.exe", "--port", "0");
    }

    @Test
    void aRefusalOnTheHelpersStderrBecomesThePlainError() throws Exception {
        NativeLocator natives = windowsHelper(
            "echo 'access denied opening process 4242 (user NT AUTHORITY\\SYSTEM, session 0): run HandleSpy as administrator' >&2\n"
                + "exit 3");
        CaptureRequest attach = new CaptureRequest.Attach(TargetPlatform.WINDOWS_X64, 4242, false);

        CaptureException e = org.junit.jupiter.api.Assertions.assertThrows(CaptureException.class,
            () -> CaptureSession.start(attach, natives, HelperRunner.DIRECT, received::add, console::add,
                Duration.ofSeconds(10)));

        assertThat(e.reason()).isEqualTo(CaptureException.Reason.NO_SUCH_PROCESS_OR_ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo(
            "access denied opening process 4242 (user NT AUTHORITY\\SYSTEM, session 0): run HandleSpy as administrator");
        assertThat(received).isEmpty();
    }

    @Test
    void helperPathsAreTheHostsOwnWhenRunDirectlyAndDriveZUnderWine() {
        Path control = dir.resolve("detach");
        assertThat(HelperRunner.DIRECT.helperPath(control)).isEqualTo(control.toAbsolutePath().toString());
        assertThat(HelperRunner.WINE.helperPath(Path.of("/tmp/hs/detach"))).isEqualTo("Z:\\tmp\\hs\\detach");
        assertThat(HelperRunner.DIRECT.command(Path.of("h.exe"), List.of("ps"))).containsExactly("h.exe", "ps");
        assertThat(HelperRunner.WINE.command(Path.of("h.exe"), List.of("ps"))).containsExactly("wine", "h.exe", "ps");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path frames(String name, Frame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameEncoder enc = new FrameEncoder();
        for (Frame f : frames) enc.write(out, f);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    /** A script in the Windows helper's place that finds --control like the real one, then runs {@code body}. */
    private NativeLocator windowsHelper(String body) throws IOException {
        Path platformDir = Files.createDirectories(dir.resolve("native").resolve(TargetPlatform.WINDOWS_X64.folder()));
        Path script = platformDir.resolve(TargetPlatform.WINDOWS_X64.injectorName());
        Files.writeString(script, """
            #!/bin/bash
            control=""
            prev=""
            for a in "$@"; do
              [ "$prev" = --control ] && control=$a
              prev=$a
            done
            """ + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new NativeLocator(dir.resolve("native"));
    }
}
