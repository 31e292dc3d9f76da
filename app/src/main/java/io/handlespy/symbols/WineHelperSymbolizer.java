package io.handlespy.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the Windows helper ({@code handlespy-injector.exe symbolize}) to resolve
 * addresses with dbghelp, run through Wine on a Linux host or directly on
 * Windows. dbghelp honors {@code _NT_SYMBOL_PATH} from the environment.
 */
public final class WineHelperSymbolizer implements Symbolizer {
    private static final long TIMEOUT_SECONDS = 120;

    private final List<String> command;
    private final Map<String, String> environment;

    /**
     * @param injector the helper of the module's bitness
     * @param throughWine true on Linux: run it as {@code wine injector symbolize}
     * @param environment extra variables, e.g. WINEPREFIX or _NT_SYMBOL_PATH
     */
    public WineHelperSymbolizer(Path injector, boolean throughWine, Map<String, String> environment) {
        List<String> cmd = new ArrayList<>();
        if (throughWine) cmd.add("wine");
        cmd.add(injector.toString());
        cmd.add("symbolize");
        this.command = List.copyOf(cmd);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Map<Long, SymbolInfo> resolve(ModuleRef module, Collection<Long> addresses) {
        Map<Long, SymbolInfo> out = new HashMap<>();
        if (addresses.isEmpty()) return out;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putIfAbsent("WINEDEBUG", "-all");
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            // the helper answers for the address it was given: the call site, one byte before the return address
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (long a : addresses) {
                    w.write(module.path() + "\t" + Long.toHexString(module.base()) + "\t" + Long.toHexString(a - 1) + "\n");
                }
            }
            Map<Long, SymbolInfo> bySite = new HashMap<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) parseLine(line, bySite);
            }
            for (long a : addresses) {
                SymbolInfo s = bySite.get(a - 1);
                if (s != null) out.put(a, s);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException e) {
            // Wine or the helper is missing: these addresses stay unresolved
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    static void parseLine(String line, Map<Long, SymbolInfo> out) {
        String[] f = line.split("\t", -1);
        if (f.length < 4) return;
        try {
            long address = Long.parseUnsignedLong(f[0].strip(), 16);
            String function = f[1].isBlank() ? null : f[1];
            String file = f[2].isBlank() ? null : f[2];
            int lineNo = file == null ? 0 : Integer.parseInt(f[3].strip());
            if (function != null || file != null) out.put(address, new SymbolInfo(function, file, lineNo));
        } catch (NumberFormatException e) {
            // a damaged line: skip it, keep the others
        }
    }
}
