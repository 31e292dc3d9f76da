package io.handlespy.agent.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program a test runs beside HandleSpy (to attach to, or launched under it): its stdout read line by
 * line, its stdin to command it. Closing it kills it, so a failed test leaves nothing running.
 */
final class RunningProgram implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private RunningProgram(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static RunningProgram start(String... command) throws IOException {
        return start(List.of(command));
    }

    static RunningProgram start(List<String> command) throws IOException {
        return new RunningProgram(new ProcessBuilder(command).start());
    }

    /** A process the test started itself (with its own redirections). */
    static RunningProgram of(Process process) {
        return new RunningProgram(process);
    }

    long pid() { return process.pid(); }

    BufferedReader out() { return out; }

    Writer in() { return in; }

    /** Writes {@code line} and a newline, and flushes them. */
    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    boolean isAlive() { return process.isAlive(); }

    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException { return process.waitFor(timeout, unit); }

    int exitValue() { return process.exitValue(); }

    /** Kills it (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
