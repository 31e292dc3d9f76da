/*
 * A Java program for the JVM tests, run from source (java JvmLeak.java DIR [WARM_UP]):
 * prints "ready", waits for a line on stdin, then opens and closes DIR/jleak-warm
 * WARM_UP times (default 0) through leakFile, so that a JIT compiles it, and
 * keeps the 7 streams leakFile opens on DIR/jleak-0 … jleak-6; prints "done" and
 * waits for end of file on stdin.
 */
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

public class JvmLeak {
    static final List<FileInputStream> KEPT = new ArrayList<>();

    /** Every stream is opened here: the leaks' Java frame. */
    static FileInputStream leakFile(File f) throws IOException {
        return new FileInputStream(f);
    }

    static File created(String dir, String name) throws IOException {
        File f = new File(dir, name);
        if (!f.exists() && !f.createNewFile()) throw new IOException("cannot create " + f);
        return f;
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        System.out.println("ready");
        in.readLine();
        File warm = created(args[0], "jleak-warm");
        for (int i = 0; i < warmUp; i++) leakFile(warm).close();
        for (int i = 0; i < 7; i++) KEPT.add(leakFile(created(args[0], "jleak-" + i)));
        System.out.println("done");
        while (in.readLine() != null) {
            // until end of file
        }
    }
}
