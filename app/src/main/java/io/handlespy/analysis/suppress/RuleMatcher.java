package io.handlespy.analysis.suppress;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.compare.StackKey;
import java.util.List;
import java.util.regex.Pattern;

/** A {@link SuppressionRule} with its globs compiled. */
final class RuleMatcher {
    private static final Pattern HOOK_MODULE = Pattern.compile("(lib)?handlespy[-_]hook.*");

    final SuppressionRule rule;
    private final Glob module, function, type;
    private final List<FramePattern> prefix;

    RuleMatcher(SuppressionRule rule) {
        this.rule = rule;
        this.module = rule.module() == null ? null : Glob.of(rule.module(), true);
        this.function = rule.function() == null ? null : Glob.of(rule.function(), false);
        this.type = rule.type() == null ? null : Glob.of(rule.type(), true);
        this.prefix = rule.stack().stream().map(FramePattern::parse).toList();
    }

    boolean matchesStack(List<StackFrame> stack) {
        if ((module != null || function != null) && stack.stream().noneMatch(this::matchesFrame)) return false;
        if (prefix.isEmpty()) return true;
        int start = 0;
        while (start < stack.size() && isHook(stack.get(start))) start++;
        if (stack.size() - start < prefix.size()) return false;
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).matches(stack.get(start + i))) return false;
        }
        return true;
    }

    boolean matchesType(String handleType) {
        return type == null || type.matches(handleType);
    }

    private boolean matchesFrame(StackFrame f) {
        if (module != null && (f.module() == null || !module.matches(StackKey.moduleName(f.module())))) return false;
        return function == null || function.matches(f.function());
    }

    static boolean isHook(StackFrame f) {
        return f.module() != null && HOOK_MODULE.matcher(StackKey.moduleName(f.module())).matches();
    }
}
