package io.handlespy.session;

import io.handlespy.capture.CaptureException;
import io.handlespy.capture.Host;
import io.handlespy.capture.NativeLocator;
import io.handlespy.capture.TargetPlatform;
import io.handlespy.capture.synthetic.SyntheticSymbolizer;
import io.handlespy.symbols.CompositeSymbolizer;
import io.handlespy.symbols.ElfSymbolizer;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.Symbolizer;
import io.handlespy.symbols.WineHelperSymbolizer;
import io.handlespy.symbols.WinePaths;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The symbolizer chain for a recording, chosen by the platform the target ran
 * on: ELF tools for Linux (and the synthetic demo modules); for Windows, on a
 * Linux host mingw binutils and then dbghelp through the Windows helper under
 * Wine, on a Windows host dbghelp alone (PDBs, {@code _NT_SYMBOL_PATH}), where
 * module paths are the machine's own. Choosing by platform keeps a Linux
 * recording from ever starting Wine.
 */
public final class Symbolizers {
    private Symbolizers() {}

    public static Symbolizer forRecording(RecordingInfo info) {
        return forPlatform(info.platform(), NativeLocator.fromEnvironment());
    }

    /** As {@link #forRecording(RecordingInfo)}, in the Wine prefix the recording notes, if any. */
    public static Symbolizer forRecording(Recording recording) throws RecordingException {
        return forPlatform(recording.info().platform(), NativeLocator.fromEnvironment(), recording.winePrefix().orElse(null));
    }

    /** {@code platform} as in {@link RecordingInfo#platform()}: "linux" or "windows". */
    public static Symbolizer forPlatform(String platform, NativeLocator natives) {
        return forPlatform(platform, natives, null);
    }

    /**
     * As above, for a Windows program that ran in {@code winePrefix} (null: Wine's default):
     * its drive map finds the modules, and the helper that reads PDBs runs in it.
     */
    public static Symbolizer forPlatform(String platform, NativeLocator natives, Path winePrefix) {
        if ("windows".equals(platform)) {
            Optional<Symbolizer> dbghelp = windowsHelper(natives, winePrefix);
            if (Host.isWindows()) return dbghelp.orElse((module, addresses) -> Map.of());
            return new PeSymbolizer(winePrefix == null ? WinePaths.fromEnvironment() : new WinePaths(winePrefix), dbghelp);
        }
        return new CompositeSymbolizer(List.of(new SyntheticSymbolizer(), new ElfSymbolizer()));
    }

    private static Optional<Symbolizer> windowsHelper(NativeLocator natives, Path winePrefix) {
        Map<String, String> environment = winePrefix == null || Host.isWindows() ? Map.of("WINEDEBUG", "-all")
            : Map.of("WINEDEBUG", "-all", "WINEPREFIX", winePrefix.toString());
        try {
            return Optional.of(new WineHelperSymbolizer(natives.injector(TargetPlatform.WINDOWS_X64), !Host.isWindows(),
                environment));
        } catch (CaptureException helperNotBuilt) {
            return Optional.empty();
        }
    }
}
