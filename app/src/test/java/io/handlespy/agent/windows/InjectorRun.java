package io.handlespy.agent.windows;

import io.handlespy.Finished;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of {@code wine handlespy-injector.exe ...}: its exit code, stdout and stderr. */
public record InjectorRun(int exitCode, String stdout, String stderr) {

    public static InjectorRun run(Wine.Prefix wine, Path injector, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = start(wine, injector, args);
        return finish(p, timeoutSeconds);
    }

    public static Process start(Wine.Prefix wine, Path injector, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("wine", injector.toString()));
        cmd.addAll(args);
        return wine.builder(cmd).start();
    }

    public static InjectorRun finish(Process p, long timeoutSeconds) throws InterruptedException {
        Finished f = Finished.of(p, timeoutSeconds, "the injector");
        return new InjectorRun(f.exitCode(), f.out(), f.err());
    }
}
