package io.handlespy.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the native helper's command line (docs/protocol.md, "The helper's command line"). */
final class HelperCommand {
    private HelperCommand() {}

    static List<String> forRequest(CaptureRequest request, Path injector, Path events, Path control, boolean onWine) {
        List<String> cmd = new ArrayList<>();
        if (onWine) cmd.add("wine");
        cmd.add(injector.toString());
        switch (request) {
            case CaptureRequest.Attach a -> {
                cmd.add("attach");
                cmd.add(Long.toString(a.pid()));
            }
            case CaptureRequest.Launch l -> cmd.add("launch");
        }
        cmd.add("--output");
        cmd.add(hostPath(events, onWine));
        cmd.add("--control");
        cmd.add(hostPath(control, onWine));
        if (request.dropWhenSlow()) cmd.add("--drop");
        if (request instanceof CaptureRequest.Launch l) {
            cmd.add("--");
            cmd.addAll(l.command());
        }
        return cmd;
    }

    /** A Linux path as a Windows program under Wine sees it: Wine maps the root to drive Z:. */
    static String hostPath(Path p, boolean onWine) {
        String s = p.toAbsolutePath().toString();
        return onWine ? "Z:" + s.replace('/', '\\') : s;
    }
}
