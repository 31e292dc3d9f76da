package io.handlespy.symbols;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Symbolizes Windows modules from the Linux host. A PE file reachable on this
 * filesystem (through {@link WinePaths}) is read by binutils' mingw addr2line,
 * which understands the DWARF that mingw-w64 emits; other modules go to the
 * Windows helper's {@code symbolize} command under Wine (dbghelp), when a
 * {@link WineHelperSymbolizer} is given. Missing tools or files answer less, never throw.
 */
public final class PeSymbolizer implements Symbolizer {
    private static final int BATCH = 400;
    private static final long TIMEOUT_SECONDS = 60;

    private final WinePaths paths;
    private final Optional<Symbolizer> fallback;

    public PeSymbolizer(WinePaths paths, Optional<Symbolizer> fallback) {
        this.paths = paths;
        this.fallback = fallback;
    }

    @Override
    public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
        Map<Long, SymbolInfo> out = new HashMap<>();
        Optional<Path> file = paths.toHost(module.path()).filter(Files::isRegularFile);
        Optional<PeFile> pe = file.flatMap(PeFile::read);
        if (file.isPresent() && pe.isPresent()) {
            String tool = pe.get().machine() == PeFile.MACHINE_I386 ? "i686-w64-mingw32-addr2line" : "x86_64-w64-mingw32-addr2line";
            List<Long> list = new ArrayList<>(addresses);
            for (int i = 0; i < list.size(); i += BATCH) {
                addr2line(tool, file.get(), pe.get().imageBase() - module.base(), list.subList(i, Math.min(list.size(), i + BATCH)), out);
            }
        }
        if (out.size() < addresses.size() && fallback.isPresent()) {
            List<Long> rest = addresses.stream().filter(a -> !out.containsKey(a)).toList();
            out.putAll(fallback.get().resolve(module, rest));
        }
        return out;
    }

    /**
     * Runs one addr2line batch on the call sites of the return addresses given;
     * {@code shift} turns a run-time address into the image's preferred address.
     */
    private static void addr2line(String tool, Path file, long shift, List<Long> addresses, Map<Long, SymbolInfo> out) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-f", "-C", "-e", file.toString()));
        for (long a : addresses) cmd.add(Long.toHexString(a - 1 + shift));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String text = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return;
            }
            String[] lines = text.split("\n");
            for (int i = 0; i + 1 < lines.length && i / 2 < addresses.size(); i += 2) {
                long address = addresses.get(i / 2);
                parse(lines[i], lines[i + 1]).ifPresent(s -> out.put(address, s));
            }
        } catch (IOException e) {
            // tool not installed or not runnable: this module stays unresolved
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<SymbolInfo> parse(String functionLine, String locationLine) {
        String function = functionLine.strip();
        String location = locationLine.strip();
        int paren = location.indexOf(" (discriminator");
        if (paren >= 0) location = location.substring(0, paren);
        int colon = location.lastIndexOf(':');
        String file = colon > 0 ? location.substring(0, colon) : location;
        int line = 0;
        if (colon > 0) {
            try {
                line = Integer.parseInt(location.substring(colon + 1));
            } catch (NumberFormatException e) {
                line = 0;
            }
        }
        boolean noFunction = function.isEmpty() || function.equals("??");
        boolean noFile = file.isEmpty() || file.equals("??");
        if (noFunction && noFile) return Optional.empty();
        return Optional.of(new SymbolInfo(noFunction ? null : function, noFile ? null : file, noFile ? 0 : line));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
