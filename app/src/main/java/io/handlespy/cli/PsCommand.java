package io.handlespy.cli;

import io.handlespy.capture.HelperRunner;
import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.ProcessLister;
import io.handlespy.capture.TargetProcess;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ps", description = "List processes to attach to, with their handle (fd) counts.")
final class PsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--wine", description = "List Windows processes running under Wine (their Windows PIDs; Linux only).")
    boolean wine;

    @Option(names = "--wine-prefix", paramLabel = "DIR",
        description = "List the Windows processes of this Wine prefix (implies --wine; default: $WINEPREFIX, else ~/.wine).")
    java.nio.file.Path winePrefix;

    @Mixin TextOrJson output;

    @Override
    public Integer call() throws Exception {
        if ((wine || winePrefix != null) && Host.isWindows()) {
            throw new FailureHandler.UsageException("--wine is for Linux; on Windows, ps lists Windows processes directly");
        }
        ProcessLister lister = new ProcessLister(NativeLocator.fromEnvironment());
        List<TargetProcess> processes = wine || winePrefix != null || Host.isWindows()
            ? lister.windows(HelperRunner.forWindowsHelper(winePrefix)) : lister.linux();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Map<String, Object>> rows = processes.stream().map(PsCommand::row).toList();
            JsonOutput.print(out, rows);
        } else {
            out.printf("%8s  %-4s  %-12s  %8s  %-20s  %s%n", "PID", "ARCH", "USER", "HANDLES", "NAME", "COMMAND");
            for (TargetProcess p : processes) {
                out.printf("%8d  %-4s  %-12.12s  %8s  %-20.20s  %s%n", p.pid(), p.arch(), p.user(),
                    p.handleCount() < 0 ? "-" : Long.toString(p.handleCount()), p.name(), p.commandLine());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(TargetProcess p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", p.pid());
        m.put("name", p.name());
        m.put("arch", p.arch());
        m.put("user", p.user());
        m.put("handles", p.handleCount() < 0 ? null : p.handleCount());
        m.put("commandLine", p.commandLine());
        return m;
    }
}
