package io.handlespy.capture;

/** Facts about the machine HandleSpy itself runs on. */
public final class Host {
    private Host() {}

    /** True on a Windows host, where Windows programs are recorded directly and Linux ones not at all. */
    public static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
