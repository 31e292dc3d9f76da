package io.handlespy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A process the test ran to its end: its exit code and everything it wrote on stdout and stderr. */
public record Finished(int exitCode, String out, String err) {

    /** Waits up to {@code timeoutSeconds} for {@code p}, reading both streams meanwhile; kills it and fails after. */
    public static Finished of(Process p, long timeoutSeconds, String what) throws InterruptedException {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + timeoutSeconds + " s");
        }
        return new Finished(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
