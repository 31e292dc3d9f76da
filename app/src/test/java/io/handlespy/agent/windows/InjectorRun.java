package io.handlespy.agent.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        p.getOutputStream().toString();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the injector did not finish within " + timeoutSeconds + " s");
        }
        return new InjectorRun(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
