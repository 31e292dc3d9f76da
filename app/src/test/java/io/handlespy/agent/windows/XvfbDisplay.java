package io.handlespy.agent.windows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A private X server (Xvfb) for programs that need a display: Xvfb picks a
 * free display number itself ({@code -displayfd}) and says which; closing
 * stops it.
 */
public final class XvfbDisplay implements AutoCloseable {
    private final Process process;
    private final String display;

    private XvfbDisplay(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    public static XvfbDisplay start() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1024x768x24"))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String n = number.get(30, TimeUnit.SECONDS);
            if (n == null || n.isBlank()) throw new IllegalStateException("Xvfb did not start (exit " + p.waitFor() + ")");
            return new XvfbDisplay(p, ":" + n.strip());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("Xvfb did not report its display within 30 s", e);
        }
    }

    /** The value for DISPLAY, e.g. ":3". */
    public String display() { return display; }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
