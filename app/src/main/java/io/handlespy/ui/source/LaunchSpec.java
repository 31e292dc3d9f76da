package io.handlespy.ui.source;

import java.nio.file.Path;
import java.util.List;

/** A program to start under HandleSpy; with {@code wine}, in {@code winePrefix} (null: Wine's default). */
public record LaunchSpec(String program, List<String> arguments, Path workingDirectory, boolean wine,
                         Path winePrefix) {
    public LaunchSpec {
        arguments = List.copyOf(arguments);
    }

    /** A program to start natively, or under Wine in Wine's default prefix. */
    public LaunchSpec(String program, List<String> arguments, Path workingDirectory, boolean wine) {
        this(program, arguments, workingDirectory, wine, null);
    }
}
