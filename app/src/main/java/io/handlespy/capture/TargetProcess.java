package io.handlespy.capture;

/**
 * A process the user can attach to. {@code handleCount} is -1 where the OS will
 * not tell (another user's process); {@code arch} is "x64", "x86" or "?".
 */
public record TargetProcess(long pid, String name, String arch, String user, long handleCount, String commandLine,
                            TargetPlatform platform) {}
