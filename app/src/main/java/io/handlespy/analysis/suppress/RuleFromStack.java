package io.handlespy.analysis.suppress;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import io.handlespy.analysis.compare.StackKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A suppression rule for one leak group, as a user starts one from a row of the leak
 * table: the group's innermost frames (after HandleSpy's hook) up to and including the
 * first one in the user's own code (so the same call site, reached from anywhere, matches), and its type when
 * it has only one. The reason says where it came from; the user replaces it with why
 * the leak is accepted.
 */
public final class RuleFromStack {
    private RuleFromStack() {}

    public static SuppressionRule of(LeakGroup group, String origin) {
        List<String> prefix = new ArrayList<>();
        StackFrame user = UserFrames.innermostUser(group.stack());
        for (StackFrame f : group.stack()) {
            if (prefix.isEmpty() && RuleMatcher.isHook(f)) continue;
            if (f.module() == null) prefix.add("*");
            else prefix.add(StackKey.moduleName(f.module()) + "!" + (f.function() == null ? "*" : f.function()));
            if (f == user) break;
        }
        String type = group.types().size() == 1 ? group.types().keySet().iterator().next() : null;
        String where = user == null ? "a stack without frames" : user.display();
        String name = user == null || user.function() == null ? "accepted" : "accepted " + user.function();
        if (prefix.isEmpty() && type == null) {
            throw new IllegalArgumentException("a group without stack or type cannot be told apart from others");
        }
        return new SuppressionRule(name, "Accepted leak from " + where + " (say why here)", null, null, type, prefix,
            origin);
    }
}
