package io.handlespy.ui.source;

/** One row of the process picker; {@code handles} is -1 where the count is not known. */
public record ProcessEntry(long pid, String name, String arch, String user, long handles, String commandLine,
                           boolean wine) {}
