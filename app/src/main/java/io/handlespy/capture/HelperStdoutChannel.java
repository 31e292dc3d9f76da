package io.handlespy.capture;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The Windows helper's channel: frames on the helper's stdout (it makes that
 * handle non-inheritable, so a launched target never holds the stream open), the
 * target's console output relayed inside the stream as OUTPUT frames, and the
 * helper's own messages on stderr. Works unchanged on a Windows host and through
 * Wine.
 */
final class HelperStdoutChannel implements EventChannel {
    private final ControlFile control;

    private HelperStdoutChannel(ControlFile control) {
        this.control = control;
    }

    static HelperStdoutChannel create() throws CaptureException {
        return new HelperStdoutChannel(ControlFile.create());
    }

    @Override
    public List<String> helperArguments(Function<Path, String> helperPath) {
        return List.of("--control", helperPath.apply(control.path()));
    }

    @Override
    public void configure(ProcessBuilder helper, boolean launch) {
        // A launched target reads the user's input through the helper, which passes its stdin on.
        helper.redirectInput(launch ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .redirectError(ProcessBuilder.Redirect.PIPE);
    }

    @Override
    public InputStream open(Process helper) {
        return helper.getInputStream();
    }

    @Override
    public void helperExited() {
        // The helper's stdout ends with the helper: a reader always sees end of stream.
    }

    @Override
    public void requestDetach() { control.requestDetach(); }

    @Override
    public void close() { control.close(); }
}
