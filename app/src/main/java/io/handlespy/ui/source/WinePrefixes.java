package io.handlespy.ui.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Wine prefixes of this user the process picker offers: Wine's default
 * ({@code $WINEPREFIX}, else {@code ~/.wine}) and the prefixes found where people and
 * tools keep them ({@code ~/.wine*}, {@code ~/.local/share/wineprefixes/*}). A prefix
 * is a folder holding Wine's {@code system.reg}.
 */
public final class WinePrefixes {
    private WinePrefixes() {}

    /** The prefix Wine itself uses when none is given. */
    public static Path defaultPrefix() {
        String env = System.getenv("WINEPREFIX");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".wine");
    }

    /** The default prefix first (whether or not it exists yet), then the other prefixes found under {@code home}. */
    public static List<Path> known(Path home, Path defaultPrefix) {
        List<Path> out = new ArrayList<>(List.of(defaultPrefix));
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(home)) {
            s.filter(p -> p.getFileName().toString().startsWith(".wine")).forEach(found::add);
        } catch (IOException | SecurityException unreadable) {
            // A home folder that cannot be listed offers only the default prefix.
        }
        try (Stream<Path> s = Files.list(home.resolve(".local/share/wineprefixes"))) {
            s.forEach(found::add);
        } catch (IOException | SecurityException none) {
            // No winetricks prefixes.
        }
        found.stream().filter(WinePrefixes::isPrefix).map(Path::toAbsolutePath).sorted()
                .filter(p -> !out.contains(p)).forEach(out::add);
        return out;
    }

    public static boolean isPrefix(Path dir) {
        return Files.isRegularFile(dir.resolve("system.reg"));
    }
}
