package io.handlespy.cli;

import io.handlespy.analysis.suppress.RuleHits;
import io.handlespy.analysis.suppress.SuppressionException;
import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.analysis.suppress.SuppressionRule;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.analysis.suppress.Suppressed;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --suppressions FILE} and {@code --no-default-suppressions}, shared by the
 * commands that report leaks. The built-in rules apply unless switched off, and every
 * run that applies rules says so on stderr, with what each rule hid.
 */
final class SuppressionOptions {
    @Option(names = "--suppressions", paramLabel = "FILE",
        description = "Hide leaks matching the rules of this TOML file (repeatable); each rule's hits are reported.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--no-default-suppressions",
        description = "Do not apply the built-in rules for handles the OS or runtime releases lazily "
            + "(see: handlespy leaks --show-default-suppressions).")
    boolean noDefaults;

    SuppressionSet load() throws FailureHandler.UsageException {
        List<SuppressionRule> rules = new ArrayList<>();
        try {
            for (Path f : files) rules.addAll(SuppressionFile.read(f));
        } catch (SuppressionException e) {
            throw new FailureHandler.UsageException(e.getMessage());
        }
        if (!noDefaults) rules.addAll(SuppressionFile.defaults());
        return new SuppressionSet(rules);
    }

    /** One line for the rules applied, then one per rule that hid something. */
    static void report(PrintWriter err, Suppressed s) {
        report(err, null, s.hits());
    }

    /** Like {@link #report(PrintWriter, Suppressed)}, naming which report ({@code what}) the rules hid from. */
    static void report(PrintWriter err, String what, List<RuleHits> hits) {
        if (hits.isEmpty()) return;
        int hidden = hits.stream().mapToInt(RuleHits::handles).sum();
        long defaults = hits.stream().filter(h -> h.rule().isDefault()).count();
        err.printf("handlespy: suppressions%s: %d %s applied (%d built-in%s), %d %s hidden%n",
            what == null ? "" : " (" + what + ")", hits.size(), hits.size() == 1 ? "rule" : "rules", defaults,
            defaults > 0 ? ", off with --no-default-suppressions" : "",
            hidden, hidden == 1 ? "handle" : "handles");
        for (RuleHits h : hits) {
            if (h.handles() == 0) continue;
            err.printf("handlespy:   %d %s from %d %s hidden by '%s' (%s): %s%n", h.handles(),
                h.handles() == 1 ? "handle" : "handles", h.stacks(), h.stacks() == 1 ? "stack" : "stacks",
                h.rule().name(), h.rule().origin(), h.rule().reason());
        }
        err.flush();
    }
}
