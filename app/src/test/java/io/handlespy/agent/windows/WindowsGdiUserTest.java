package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import io.handlespy.protocol.Frame;
import io.handlespy.store.TestRecordings;
import io.handlespy.symbols.PeSymbolizer;
import io.handlespy.symbols.WinePaths;

/**
 * win-gdi.exe under Wine on a private Xvfb, launched and attached to: every
 * GDI and USER object it leaks is found by function and type, its balanced
 * paths (explicit deletes, children and owned windows destroyed with their
 * parent, menus with their window or parent menu, WM_CLOSE through
 * DefWindowProc, a thread's windows with the thread, a CS_OWNDC window's DC)
 * and its churning thread show nothing.
 */
class WindowsGdiUserTest {
    private static GuiWine wine;

    @BeforeAll
    static void start() throws Exception {
        wine = GuiWine.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wine != null) wine.close();
    }

    static Map<String, Integer> expectedLeaks() {
        Map<String, Integer> m = new TreeMap<>();
        m.put("leak_bitmaps Bitmap", 3);
        m.put("leak_dib_sections DIBSection", 2);
        m.put("leak_brushes Brush", 4);
        m.put("leak_dynamic_brushes Brush", 2);
        m.put("leak_plugin_regions Region", 2);
        m.put("leak_pens Pen", 2);
        m.put("leak_ext_pens ExtPen", 1);
        m.put("leak_fonts Font", 3);
        m.put("leak_regions Region", 5);
        m.put("leak_palettes Palette", 2);
        m.put("leak_dcs DC", 2);
        m.put("leak_window_dcs DC", 1);
        m.put("leak_enh_metafiles EnhMetafile", 2);
        m.put("leak_windows Window", 2);
        m.put("leak_menus Menu", 3);
        m.put("leak_icons Icon", 2);
        m.put("leak_cursors Cursor", 1);
        m.put("leak_accelerators AcceleratorTable", 2);
        m.put("leak_hooks WindowsHook", 2);
        m.put("leak_defer_window_pos DeferWindowPos", 1);
        // the main window, open until the program exits
        m.put("wmain Window", 1);
        return m;
    }

    private static Map<String, Integer> programLeaks(Recorded r) {
        Map<String, Integer> all = LeakTable.byFunction(r, "win-gdi.exe",
            new PeSymbolizer(new WinePaths(wine.prefix().dir()), Optional.empty()));
        Map<String, Integer> mine = new TreeMap<>(all);
        mine.keySet().removeIf(k -> k.startsWith("(elsewhere)"));
        return mine;
    }

    /** What every recording of the program shows besides the leak table. */
    private static void assertGdiUserRecording(Recorded r) {
        assertThat(programLeaks(r)).isEqualTo(expectedLeaks());
        assertThat(r.all(Frame.Dropped.class)).isEmpty();
        assertThat(r.all(Frame.Note.class)).extracting(Frame.Note::text)
            .anyMatch(t -> t.startsWith("GDI/USER hooks installed: ") && !t.startsWith("GDI/USER hooks installed: 0 "))
            .noneMatch(t -> t.startsWith("unhookable: ") && !t.startsWith("unhookable: Nt"))
            // win-gdi-plugin.dll, loaded after the hooks went in
            .anyMatch(t -> t.startsWith("GDI/USER hooks: ") && t.endsWith("in 1 modules loaded since"));
        // GDI and USER objects carry types of their own ranges and tagged values
        for (LeakTable.Open o : LeakTable.stillOpen(r)) {
            if (o.type() >= 128 && o.type() < 160) assertThat(o.handle() >>> 32).isEqualTo(1);
            if (o.type() >= 160 && o.type() < 192) assertThat(o.handle() >>> 32).isEqualTo(2);
        }
        // the children, the owned window and the menus went with their parents' DestroyWindow and DestroyMenu,
        // the WM_CLOSE window and its child through DefWindowProc
        assertThat(closesBy(r, "DestroyWindow")).isGreaterThanOrEqualTo(5 + 2 + 1);
        assertThat(closesBy(r, "DestroyMenu")).isGreaterThanOrEqualTo(3);
        assertThat(closesBy(r, "DefWindowProcW")).isEqualTo(2);
        // a thread's window, its child and its menu, destroyed when the thread exits
        assertThat(closesBy(r, "thread exit (its windows destroyed with it)")).isGreaterThanOrEqualTo(3);
        // the churning thread ran while the program leaked, and left nothing
        assertThat(creates(r, "CreateSolidBrush")).isGreaterThan(5);
    }

    private static long closesBy(Recorded r, String api) {
        return r.all(Frame.Close.class).stream().filter(c -> api.equals(r.apis().get(c.api()))).count();
    }

    private static long creates(Recorded r, String api) {
        return r.all(Frame.Create.class).stream().filter(c -> api.equals(r.apis().get(c.api()))).count();
    }

    @Test
    void launchFindsEveryGdiAndUserLeakByFunctionAndType(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.bin");
        Process injector = wine.wine(Binaries.X64.injector(), List.of("launch", "--output", Wine.windowsPath(out), "--",
            Wine.windowsPath(Binaries.X64.testProgram("win-gdi"))));
        InjectorRun run = InjectorRun.finish(injector, 180);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stdout()).contains("leaked");
        Recorded r = Recorded.read(out);
        assertGdiUserRecording(r);
        assertThat(r.all(Frame.Note.class)).extracting(Frame.Note::text)
            .noneMatch(t -> t.startsWith("GDI and USER objects created before attach"));

        // stored, the leaks carry their category, and --category filters on it
        Path recording = TestRecordings.record(dir.resolve("run"), r.frames());
        assertThat(categoryLeaks(recording, "gdi")).isEqualTo(31);
        assertThat(categoryLeaks(recording, "user")).isEqualTo(14);
        JsonNode all = leaksJson(recording);
        assertThat(all.get("groups")).allSatisfy(g -> {
            String category = g.get("category").asText();
            assertThat(category).isIn("kernel", "gdi", "user");
            assertThat(g.get("handles")).allSatisfy(h -> assertThat(h.get("category").asText()).isEqualTo(category));
        });
    }

    private static JsonNode leaksJson(Path recording, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("leaks", recording.toString(), "--format", "json"));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    /** Handles of one category in `leaks --category`, after checking every group there is of it. */
    private static int categoryLeaks(Path recording, String category) throws Exception {
        JsonNode doc = leaksJson(recording, "--category", category);
        int n = 0;
        for (JsonNode g : doc.get("groups")) {
            assertThat(g.get("category").asText()).isEqualTo(category);
            n += g.get("count").asInt();
        }
        return n;
    }

    @Test
    void attachByPidFindsTheSameLeaksAndSaysWhatItCannotSee(@TempDir Path dir) throws Exception {
        Path go = dir.resolve("go"), hold = dir.resolve("hold"), control = dir.resolve("control"), out = dir.resolve("events.bin");
        Process target = wine.wine(Binaries.X64.testProgram("win-gdi"),
            List.of("--go", Wine.windowsPath(go), "--hold", Wine.windowsPath(hold)));
        try {
            GuiWine.Lines lines = new GuiWine.Lines(target);
            long pid = Long.parseLong(lines.await("pid ", 60).substring(4));
            Process injector = wine.wine(Binaries.X64.injector(), List.of("attach", Long.toString(pid),
                "--output", Wine.windowsPath(out), "--control", Wine.windowsPath(control)));
            Target.awaitHooks(out, injector, 120);
            Target.touch(go);
            lines.await("leaked", 120);
            Target.touch(control);
            InjectorRun run = InjectorRun.finish(injector, 120);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            Recorded r = Recorded.read(out);
            assertGdiUserRecording(r);
            assertThat(r.all(Frame.Note.class)).extracting(Frame.Note::text)
                .contains("GDI and USER objects created before attach are not shown: Windows offers no per-process list of them");
            Target.touch(hold);
            assertThat(target.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(target.exitValue()).isEqualTo(3);
        } finally {
            if (target.isAlive()) target.destroyForcibly();
        }
    }
}
