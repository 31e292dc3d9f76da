import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step: rewrites, in place, the classes of a jar compiled for a Java
 * older than 8 (picocli's: Java 5) as Java 8 class files with stack map
 * frames. The JDK's class cache (JDK 25's AOT cache, CDS) does not take such
 * "old" classes, so every start loaded, parsed and verified them again: a good
 * part of the CLI's fixed cost (docs/performance.md). The bytecode itself is
 * unchanged; only the version and the frames the verifier needs are new.
 * Run with ASM on the class path:
 * {@code java -cp asm.jar ModernizeClassFiles.java JAR...}
 */
public final class ModernizeClassFiles {
    private static final int TARGET = Opcodes.V1_8;

    private ModernizeClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp asm.jar ModernizeClassFiles.java JAR...");
            System.exit(2);
        }
        for (String jar : args) rewrite(Path.of(jar));
    }

    /** Writes next to the jar, then replaces it, so an interrupted build never leaves half a jar behind. */
    private static void rewrite(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int rewritten = 0;
        try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (isOldClass(e.getName(), bytes)) {
                    bytes = modernize(bytes, types);
                    rewritten++;
                }
                copy(e, bytes, out);
            }
        }
        if (rewritten == 0) {
            // already rewritten by an earlier build: keep its time stamp, which the class caches are checked against
            Files.delete(tmp);
            return;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(jar.getFileName() + ": " + rewritten + " classes rewritten as Java 8 class files");
    }

    /** Class files whose major version is below Java 8's; module-info and newer classes stay as they are. */
    private static boolean isOldClass(String name, byte[] b) {
        if (!name.endsWith(".class") || b.length < 8) return false;
        int major = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        return major < (TARGET & 0xffff);
    }

    private static byte[] modernize(byte[] bytes, ClassLoader types) {
        // COMPUTE_FRAMES asks for the common superclass of two types: resolve them against the jar itself
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private static void copy(ZipEntry from, byte[] bytes, ZipOutputStream out) throws IOException {
        ZipEntry to = new ZipEntry(from.getName());
        to.setTime(from.getTime());
        out.putNextEntry(to);
        out.write(bytes);
        out.closeEntry();
    }
}
