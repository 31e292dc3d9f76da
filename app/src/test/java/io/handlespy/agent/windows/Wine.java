package io.handlespy.agent.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A private Wine prefix under the build directory, initialized once per test
 * run (the first {@code wineboot} takes ten seconds or more) and shut down
 * with {@code wineserver -k} when the run ends. Tests receive it as a parameter.
 */
public final class Wine implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Wine.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Prefix.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(Prefix.class, k -> Prefix.boot(), Prefix.class);
    }

    /** An initialized prefix; closing it stops its wineserver and every Wine process in it. */
    public record Prefix(Path dir) implements ExtensionContext.Store.CloseableResource {
        static Prefix boot() {
            return boot("wineprefix");
        }

        /** The prefix {@code target/NAME} of the repository, initialized if it is new; close it when done. */
        public static Prefix boot(String name) {
            Path repo = Path.of(System.getProperty("handlespy.repo.dir", "."));
            Prefix p = new Prefix(repo.resolve("target").resolve(name).toAbsolutePath());
            try {
                Files.createDirectories(p.dir);
                if (!Files.exists(p.dir.resolve("system.reg"))) p.run(List.of("wineboot", "-i"), 300);
                // A wineserver exits 3 s after its last client, and a Wine program started in that moment fails
                // ("recvmsg: Connection reset by peer"); tests minutes apart met that window. One server, kept
                // until close(), serves the whole run (one a killed run left behind is replaced first). Its
                // system processes (services.exe, winedevice.exe, …) then live as long: wineboot starts them
                // here, on this run's null output, so none holds a test program's output open.
                p.run(List.of("wineserver", "-k"), 60);
                p.run(List.of("wineserver", "-w"), 60);
                p.run(List.of("wineserver", "-p"), 60);
                p.run(List.of("wineboot"), 300);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the Wine prefix " + p.dir, e);
            }
            return p;
        }

        /** A process builder with this prefix and Wine's debug output silenced. */
        public ProcessBuilder builder(List<String> command) {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("WINEPREFIX", dir.toString());
            pb.environment().put("WINEDEBUG", "-all");
            return pb;
        }

        void run(List<String> command, long timeoutSeconds) {
            try {
                Process p = builder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command + " (are wine and wine64 installed?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + command, e);
            }
        }

        @Override
        public void close() {
            run(List.of("wineserver", "-k"), 60);
        }
    }

    /** A Linux path as a program under Wine names it: the root is drive Z:. */
    public static String windowsPath(Path p) {
        return "Z:" + p.toAbsolutePath().toString().replace('/', '\\');
    }
}
