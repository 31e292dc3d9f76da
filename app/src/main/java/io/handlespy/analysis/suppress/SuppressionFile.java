package io.handlespy.analysis.suppress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads suppression rules from TOML: one {@code [[suppress]]} table per rule with
 * {@code reason} (required), {@code name}, and at least one of {@code module},
 * {@code function}, {@code type} (strings) and {@code stack} (array of strings).
 * Unknown keys are refused, so a typo never silently widens a rule. The built-in
 * list of known-benign handles is such a file too ({@link #defaults()}).
 */
public final class SuppressionFile {
    private static final String DEFAULTS_RESOURCE = "default-suppressions.toml";
    private static final Set<String> KEYS = Set.of("name", "reason", "module", "function", "type", "stack");

    private SuppressionFile() {}

    public static List<SuppressionRule> read(Path file) throws SuppressionException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SuppressionException("cannot read the suppression file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** The built-in rules for handles the OS or a runtime releases lazily, by design. */
    public static List<SuppressionRule> defaults() {
        try {
            return parse(defaultsText(), SuppressionRule.DEFAULT_ORIGIN);
        } catch (SuppressionException e) {
            throw new IllegalStateException("the built-in suppression list is broken: " + e.getMessage(), e);
        }
    }

    /** The built-in list as shipped, comments included, for users to read or copy. */
    public static String defaultsText() {
        try (InputStream in = SuppressionFile.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the application");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static List<SuppressionRule> parse(String text, String origin) throws SuppressionException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new SuppressionException(origin + " is not valid TOML: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isEmpty()) return List.of();
        Iterator<String> top = root.fieldNames();
        while (top.hasNext()) {
            String k = top.next();
            if (!k.equals("suppress")) {
                throw new SuppressionException(origin + ": unknown top-level key '" + k + "'; rules go in [[suppress]] tables");
            }
        }
        JsonNode rules = root.get("suppress");
        if (!rules.isArray()) throw new SuppressionException(origin + ": 'suppress' must be [[suppress]] tables");
        List<SuppressionRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) out.add(rule(rules.get(i), i + 1, origin));
        return out;
    }

    /** One rule as a {@code [[suppress]]} table, in the format {@link #parse} reads. */
    public static String format(SuppressionRule r) {
        StringBuilder s = new StringBuilder("[[suppress]]\n");
        s.append("name = ").append(quote(r.name())).append('\n');
        s.append("reason = ").append(quote(r.reason())).append('\n');
        if (r.module() != null) s.append("module = ").append(quote(r.module())).append('\n');
        if (r.function() != null) s.append("function = ").append(quote(r.function())).append('\n');
        if (r.type() != null) s.append("type = ").append(quote(r.type())).append('\n');
        if (!r.stack().isEmpty()) {
            s.append("stack = [");
            for (int i = 0; i < r.stack().size(); i++) s.append(i == 0 ? "" : ", ").append(quote(r.stack().get(i)));
            s.append("]\n");
        }
        return s.toString();
    }

    /** A TOML basic string. */
    private static String quote(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) s.append(String.format("\\u%04X", (int) c));
                    else s.append(c);
                }
            }
        }
        return s.append('"').toString();
    }

    private static SuppressionRule rule(JsonNode t, int number, String origin) throws SuppressionException {
        String where = origin + ", rule " + number;
        if (!t.isObject()) throw new SuppressionException(where + ": a rule must be a [[suppress]] table");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!KEYS.contains(k)) {
                throw new SuppressionException(where + ": unknown key '" + k + "' (known: name, reason, module, function, type, stack)");
            }
        }
        String name = string(t, "name", where);
        List<String> stack = new ArrayList<>();
        JsonNode s = t.get("stack");
        if (s != null) {
            if (!s.isArray()) throw new SuppressionException(where + ": 'stack' must be an array of strings");
            for (JsonNode f : s) {
                if (!f.isTextual() || f.asText().isEmpty()) {
                    throw new SuppressionException(where + ": 'stack' must hold non-empty strings like \"module!function\"");
                }
                stack.add(f.asText());
            }
        }
        try {
            return new SuppressionRule(name == null ? "rule " + number : name, string(t, "reason", where),
                string(t, "module", where), string(t, "function", where), string(t, "type", where), stack, origin);
        } catch (IllegalArgumentException e) {
            throw new SuppressionException(where + ": " + e.getMessage());
        }
    }

    private static String string(JsonNode t, String key, String where) throws SuppressionException {
        JsonNode v = t.get(key);
        if (v == null) return null;
        if (!v.isTextual() || v.asText().isEmpty()) throw new SuppressionException(where + ": '" + key + "' must be a non-empty string");
        return v.asText();
    }
}
