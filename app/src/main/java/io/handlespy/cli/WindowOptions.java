package io.handlespy.cli;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import picocli.CommandLine.Option;

/** --from/--to/--horizon, shared by the commands that slice a recording. */
final class WindowOptions {
    enum HorizonName { end, window }

    @Option(names = "--from", paramLabel = "S", description = "Window start, seconds since the recording started (default: 0).")
    Double from;

    @Option(names = "--to", paramLabel = "S", description = "Window end, seconds (default: end of the recording).")
    Double to;

    @Option(names = "--horizon", defaultValue = "end",
        description = "A leak must still be open at the end of the recording (end, default) or of the window (window).")
    HorizonName horizon;

    TimeWindow resolve(TimeWindow whole) throws FailureHandler.UsageException {
        long f = from == null ? whole.fromNanos() : Seconds.toNanos(from);
        long t = to == null ? whole.toNanos() : Seconds.toNanos(to);
        if (f < 0 || t < f) {
            throw new FailureHandler.UsageException("the window --from " + Seconds.of(f) + " --to " + Seconds.of(t)
                + " is empty or negative; the recording spans 0 to " + Seconds.of(whole.toNanos()) + " s");
        }
        return new TimeWindow(f, t);
    }

    Horizon horizon() {
        return horizon == HorizonName.window ? Horizon.WINDOW : Horizon.END;
    }
}
