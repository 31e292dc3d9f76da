package io.handlespy.ui.source;

/**
 * One row of the process picker; {@code handles} is -1 where the count is not known;
 * {@code untraceable} says why HandleSpy cannot record the process (null when it can).
 */
public record ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                           boolean wine, String untraceable) {
    public ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                        boolean wine) {
        this(pid, name, arch, user, handles, commandLine, wine, null);
    }

    public boolean traceable() { return untraceable == null; }
}
