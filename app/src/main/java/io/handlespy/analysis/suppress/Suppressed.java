package io.handlespy.analysis.suppress;

import io.handlespy.analysis.LeakReport;
import java.util.List;

/** A leak report with the suppressed handles taken out, and what each rule hid (every rule, in order). */
public record Suppressed(LeakReport report, List<RuleHits> hits) {
    public Suppressed {
        hits = List.copyOf(hits);
    }

    public int hiddenHandles() {
        return hits.stream().mapToInt(RuleHits::handles).sum();
    }
}
