package io.handlespy.capture;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the native helpers shipped with the app, with no configuration: next to
 * the installed jar ({@code dist/lib/handlespy.jar} → {@code dist/native}), next
 * to the class folder in a build tree ({@code target/classes} → {@code target/native}),
 * or where the system property {@code handlespy.native.dir} points.
 */
public final class NativeLocator {
    private final Path root;

    public NativeLocator(Path root) {
        this.root = root;
    }

    public static NativeLocator fromEnvironment() {
        String configured = System.getProperty("handlespy.native.dir");
        if (configured != null) return new NativeLocator(Path.of(configured));
        try {
            Path code = Path.of(NativeLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path home = Files.isRegularFile(code) ? code.getParent().getParent() : code.getParent();
            return new NativeLocator(home.resolve("native"));
        } catch (URISyntaxException | SecurityException e) {
            return new NativeLocator(Path.of("native"));
        }
    }

    public Path root() { return root; }

    public Path injector(TargetPlatform platform) throws CaptureException {
        return existing(platform, platform.injectorName());
    }

    private Path existing(TargetPlatform platform, String name) throws CaptureException {
        Path p = root.resolve(platform.folder()).resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new CaptureException(CaptureException.Reason.HELPER_MISSING,
                "the " + platform.folder() + " helper is missing (" + p + "); rebuild HandleSpy with ./handlespy"
                    + (platform == TargetPlatform.WINDOWS_X86 ? " on a machine with mingw-w64's i686 compiler" : ""));
        }
        return p;
    }
}
