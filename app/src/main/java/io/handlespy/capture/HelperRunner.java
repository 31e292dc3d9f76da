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
 * @param winePrefix  the Wine prefix the helper runs in (it sees only that prefix's
 *                    processes); null for Wine's own choice, {@code $WINEPREFIX} or {@code ~/.wine}
 */
public record HelperRunner(List<String> prefix, Map<String, String> environment, boolean wineDrives, Path winePrefix) {
    public static final HelperRunner DIRECT = new HelperRunner(List.of(), Map.of(), false, null);
    public static final HelperRunner WINE =
        new HelperRunner(List.of("wine"), Map.of("WINEDEBUG", "-all"), true, null);

    public HelperRunner {
        prefix = List.copyOf(prefix);
        environment = Map.copyOf(environment);
    }

    /**
     * The Windows helper under Wine in {@code winePrefix} (null: Wine's default prefix); on a
     * Windows host, where there is no prefix, {@link #DIRECT}.
     */
    public static HelperRunner forWindowsHelper(Path winePrefix) {
        if (Host.isWindows() || winePrefix == null) return forWindowsHelper();
        return new HelperRunner(WINE.prefix(), WINE.environment(), true, winePrefix.toAbsolutePath());
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
        if (winePrefix != null) pb.environment().put("WINEPREFIX", winePrefix.toString());
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
