package io.handlespy.analysis.suppress;

import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.compare.StackKey;

/**
 * One frame of a rule's stack prefix: {@code module!function} or just {@code function}
 * (any module), each a glob. The module is compared by file name, ignoring case; a
 * frame without a known function matches only a function part of {@code *}.
 */
record FramePattern(Glob module, Glob function) {
    static FramePattern parse(String text) {
        int bang = text.indexOf('!');
        Glob module = bang < 0 ? null : Glob.of(text.substring(0, bang), true);
        return new FramePattern(module, Glob.of(bang < 0 ? text : text.substring(bang + 1), false));
    }

    boolean matches(StackFrame f) {
        if (module != null && (f.module() == null || !module.matches(StackKey.moduleName(f.module())))) return false;
        return function.text().equals("*") || function.matches(f.function());
    }

    @Override
    public String toString() {
        return (module == null ? "" : module.text() + "!") + function.text();
    }
}
