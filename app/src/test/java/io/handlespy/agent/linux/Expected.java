package io.handlespy.agent.linux;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The leak counts a test program declares for itself ({@code PROGRAM --expect}). */
final class Expected {
    private Expected() {}

    static Map<String, Integer> of(String program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(LinuxAgent.program(program), "--expect").start();
        String out = LinuxAgent.text(p.getInputStream());
        if (p.waitFor() != 0) throw new AssertionError(program + " --expect failed");
        Map<String, Integer> counts = new TreeMap<>();
        out.lines().map(l -> l.split(" ")).forEach(f -> counts.put(f[0], Integer.parseInt(f[1])));
        return counts;
    }
}
