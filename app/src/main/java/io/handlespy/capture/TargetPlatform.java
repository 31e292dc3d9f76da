package io.handlespy.capture;

/**
 * Where a target runs and therefore which native helper serves it. The folder
 * name is where the build puts that platform's binaries.
 */
public enum TargetPlatform {
    LINUX_X64("linux-x86_64", "handlespy-injector", "x64"),
    WINDOWS_X64("windows-x86_64", "handlespy-injector.exe", "x64"),
    WINDOWS_X86("windows-x86", "handlespy-injector.exe", "x86");

    private final String folder;
    private final String injectorName;
    private final String arch;

    TargetPlatform(String folder, String injectorName, String arch) {
        this.folder = folder;
        this.injectorName = injectorName;
        this.arch = arch;
    }

    public String folder() { return folder; }

    public String injectorName() { return injectorName; }

    public String arch() { return arch; }

    public boolean isWindows() { return this != LINUX_X64; }

    public static TargetPlatform windows(String arch) {
        return "x86".equals(arch) ? WINDOWS_X86 : WINDOWS_X64;
    }
}
