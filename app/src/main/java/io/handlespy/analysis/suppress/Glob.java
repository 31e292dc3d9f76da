package io.handlespy.analysis.suppress;

import java.util.regex.Pattern;

/** A shell-style pattern: {@code *} any run of characters, {@code ?} one character, the rest literal. */
record Glob(String text, Pattern pattern) {
    static Glob of(String text, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return new Glob(text, Pattern.compile(re.toString(), flags));
    }

    boolean matches(String s) {
        return s != null && pattern.matcher(s).matches();
    }
}
