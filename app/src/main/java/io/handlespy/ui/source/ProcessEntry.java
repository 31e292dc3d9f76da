package io.handlespy.ui.source;

import java.nio.file.Path;

/**
 * One row of the process picker; {@code handles} is -1 where the count is not known;
 * {@code untraceable} says why HandleSpy cannot record the process (null when it can);
 * {@code winePrefix} the Wine prefix a Windows process under Wine runs in (null: Wine's default).
 */
public record ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                           boolean wine, String untraceable, Path winePrefix) {
    public ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                        boolean wine, String untraceable) {
        this(pid, name, arch, user, handles, commandLine, wine, untraceable, null);
    }

    public ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                        boolean wine) {
        this(pid, name, arch, user, handles, commandLine, wine, null, null);
    }

    public boolean traceable() { return untraceable == null; }
}
