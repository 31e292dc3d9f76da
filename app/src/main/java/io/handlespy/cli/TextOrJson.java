package io.handlespy.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, for the commands that print either a table for people or JSON for scripts. */
final class TextOrJson {
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() { return format == Format.json; }
}
