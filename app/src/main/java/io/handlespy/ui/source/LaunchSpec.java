package io.handlespy.ui.source;

import java.nio.file.Path;
import java.util.List;

/** A program to start under HandleSpy. */
public record LaunchSpec(String program, List<String> arguments, Path workingDirectory, boolean wine) {
    public LaunchSpec {
        arguments = List.copyOf(arguments);
    }
}
