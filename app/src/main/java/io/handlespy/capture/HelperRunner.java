package io.handlespy.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How this machine runs a native helper: directly ({@link #DIRECT}: the Linux
 * helper, and the Windows helper on a Windows host) or through {@code wine}
 * ({@link #WINE}: the Windows helper on Linux). This is the only difference
 * between recording a Windows program on Windows and under Wine: the same
 * helper, arguments and event channel serve both.
 *
 * @param prefix      words before the helper's path ({@code wine}, or none)
 * @param environment variables the helper gets unless the user set them
 * @param wineDrives  true when the helper sees Linux paths through Wine's drive Z:
 */
public record HelperRunner(List<String> prefix, Map<String, String> environment, boolean wineDrives) {
    public static final HelperRunner DIRECT = new HelperRunner(List.of(), Map.of(), false);
    public static final HelperRunner WINE =
        new HelperRunner(List.of("wine"), Map.of("WINEDEBUG", "-all"), true);

    public HelperRunner {
        prefix = List.copyOf(prefix);
        environment = Map.copyOf(environment);
    }

    /** How the Windows helper runs here: {@link #DIRECT} on a Windows host, {@link #WINE} elsewhere. */
    public static HelperRunner forWindowsHelper() {
        return Host.isWindows() ? DIRECT : WINE;
    }

    public boolean throughWine() { return !prefix.isEmpty(); }

    /** The command line that runs {@code helper} with {@code args}. */
    public List<String> command(Path helper, List<String> args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(helper.toString());
        cmd.addAll(args);
        return cmd;
    }

    /** A process builder for {@code command}, with this runner's environment defaults. */
    public ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.forEach(pb.environment()::putIfAbsent);
        return pb;
    }

    /** A path of this machine as the helper names it. */
    public String helperPath(Path p) {
        String s = p.toAbsolutePath().toString();
        return wineDrives ? "Z:" + s.replace('/', '\\') : s;
    }

    /** What to tell the user when the helper could not even be started. */
    public String cannotStart(Path helper, String why) {
        return throughWine()
            ? "could not run Wine to start the Windows helper (" + why + "); install wine and wine64"
            : "could not start the helper " + helper + ": " + why;
    }
}
