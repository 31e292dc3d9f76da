/*
 * A Java program for the JVM attach test, run from source (java JvmLeak.java DIR):
 * prints "ready", waits for a line on stdin, then leakFiles() keeps 7 streams on
 * DIR/jleak-N open and 20 other opens are closed; prints "done" and waits for
 * end of file on stdin.
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

    static void leakFiles(String dir, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            File f = new File(dir, "jleak-" + i);
            if (!f.exists() && !f.createNewFile()) throw new IOException("cannot create " + f);
            KEPT.add(new FileInputStream(f));
        }
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        in.readLine();
        leakFiles(args[0], 7);
        for (int i = 0; i < 20; i++) {
            try (FileInputStream f = new FileInputStream(new File(args[0], "jleak-0"))) {
                f.read();
            }
        }
        System.out.println("done");
        while (in.readLine() != null) {
            // until end of file
        }
    }
}
