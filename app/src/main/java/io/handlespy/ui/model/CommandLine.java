package io.handlespy.ui.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an argument line into words: whitespace separates, single and double quotes group.
 * Backslashes stay literal (Windows paths) except for \" and \\ inside double quotes.
 */
public final class CommandLine {
    private CommandLine() {}

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) return out;
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length()
                         && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) cur.append(line.charAt(++i));
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(cur.toString());
        return out;
    }
}
