package io.handlespy.agent.windows;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the Windows helper, hook DLL and test programs of one bitness. */
public record Binaries(String platform) {
    public static final Binaries X64 = new Binaries("windows-x86_64");

    public Path injector() { return existing(nativeDir().resolve("handlespy-injector.exe")); }

    public Path testProgram(String name) {
        return existing(Path.of(System.getProperty("handlespy.testprograms.dir", "target/test-programs"))
            .resolve(platform).resolve(name + ".exe"));
    }

    private Path nativeDir() {
        return Path.of(System.getProperty("handlespy.native.dir", "target/native")).resolve(platform);
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing; build with `mvn install` first");
        return p.toAbsolutePath();
    }
}
