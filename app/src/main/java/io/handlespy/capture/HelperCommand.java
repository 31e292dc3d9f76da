package io.handlespy.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds the native helper's arguments (docs/protocol.md, "The helper's command line"). */
final class HelperCommand {
    private HelperCommand() {}

    static List<String> arguments(CaptureRequest request, EventChannel channel, Function<Path, String> helperPath) {
        List<String> args = new ArrayList<>();
        switch (request) {
            case CaptureRequest.Attach a -> {
                args.add("attach");
                args.add(Long.toString(a.pid()));
            }
            case CaptureRequest.Launch l -> args.add("launch");
        }
        args.addAll(channel.helperArguments(helperPath));
        if (request.dropWhenSlow()) args.add("--drop");
        if (request instanceof CaptureRequest.Launch l) {
            if (l.followChildren()) args.add("--follow-children");
            args.add("--");
            args.addAll(l.command());
        }
        return args;
    }
}
