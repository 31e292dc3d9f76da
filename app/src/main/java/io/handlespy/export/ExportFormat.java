package io.handlespy.export;

import java.util.Locale;

/** The file formats a leak report can be exported to. */
public enum ExportFormat {
    CSV("csv"),
    JSON("json"),
    /** Folded stacks ({@code outer;…;inner count}) for flamegraph.pl and speedscope. */
    FOLDED("folded"),
    /** One self-contained page: no scripts, styles or images from anywhere else. */
    HTML("html");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension, without the dot. */
    public String extension() { return extension; }

    /** The name the CLI takes, e.g. {@code folded}. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    public Exporter exporter() {
        return switch (this) {
            case CSV -> new CsvExporter();
            case JSON -> new JsonExporter();
            case FOLDED -> new FoldedExporter();
            case HTML -> new HtmlExporter();
        };
    }

    /** The format with this CLI name, case-insensitively. */
    public static ExportFormat fromCliName(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName().equalsIgnoreCase(name)) return f;
        }
        throw new IllegalArgumentException("unknown export format '" + name + "'; use csv, json, folded or html");
    }
}
