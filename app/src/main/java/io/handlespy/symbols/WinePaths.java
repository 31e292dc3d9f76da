package io.handlespy.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Maps the Windows paths a program under Wine reports (MODULE_LOAD paths) to
 * files on the Linux host through Wine's own drive map, the links
 * {@code $WINEPREFIX/dosdevices/x:}; without them drive Z: is the Linux root and
 * drive C: is {@code $WINEPREFIX/drive_c}, and other drives are unknown.
 */
public record WinePaths(Path prefix) {

    /** The prefix Wine itself would use: {@code $WINEPREFIX}, else {@code ~/.wine}. */
    public static WinePaths fromEnvironment() {
        String env = System.getenv("WINEPREFIX");
        return new WinePaths(env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".wine"));
    }

    /** The Linux file for a Windows path, if the drive is one Wine maps to a known place. */
    public Optional<Path> toHost(String windowsPath) {
        String p = windowsPath;
        for (String ntPrefix : new String[] {"\\\\?\\", "\\??\\"}) {
            if (p.startsWith(ntPrefix)) p = p.substring(ntPrefix.length());
        }
        if (p.startsWith("/")) return Optional.of(Path.of(p));
        if (p.length() < 3 || p.charAt(1) != ':' || (p.charAt(2) != '\\' && p.charAt(2) != '/')) return Optional.empty();
        String rest = p.substring(3).replace('\\', '/');
        char drive = Character.toLowerCase(p.charAt(0));
        Path mapped = prefix.resolve("dosdevices").resolve(drive + ":");
        if (Files.isDirectory(mapped)) {
            try {
                return Optional.of(ignoringCase(mapped.toRealPath(), rest));
            } catch (IOException e) {
                return Optional.of(ignoringCase(mapped, rest));
            }
        }
        return switch (drive) {
            case 'z' -> Optional.of(Path.of("/" + rest));
            case 'c' -> Optional.of(ignoringCase(prefix.resolve("drive_c"), rest));
            default -> Optional.empty();
        };
    }

    /** Windows names are case-insensitive; the files in a Wine prefix are mostly lower case. */
    private static Path ignoringCase(Path root, String relative) {
        Path at = root;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) continue;
            Path exact = at.resolve(part);
            if (Files.exists(exact) || !Files.isDirectory(at)) {
                at = exact;
                continue;
            }
            try (Stream<Path> children = Files.list(at)) {
                at = children.filter(c -> c.getFileName().toString().equalsIgnoreCase(part)).findFirst().orElse(exact);
            } catch (IOException e) {
                at = exact;
            }
        }
        return at;
    }
}
