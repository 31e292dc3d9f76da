package io.handlespy.analysis.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each field of a rule, globs, first-rule-wins, the counts each rule hid, and the file format's errors. */
class SuppressionSetTest {
    private static final StackFrame HOOK = new StackFrame(0x7f0000001000L, "/opt/hs/libhandlespy-hook.so", 0x1000,
        "hs_open", "hooks.c", 10);
    private static final StackFrame LIBC_OPEN = new StackFrame(0x7f1000002000L, "/lib/x86_64-linux-gnu/libc.so.6", 0x2000,
        "open64", null, 0);
    private static final StackFrame CONFIG = new StackFrame(0x5500000010L, "/srv/app/server", 0x10, "load_config", "config.c", 12);
    private static final StackFrame CACHE = new StackFrame(0x5500000020L, "/srv/app/server", 0x20, "open_cache", "cache.c", 30);
    private static final StackFrame MAIN = new StackFrame(0x5500000030L, "/srv/app/server", 0x30, "main", "main.c", 5);
    private static final StackFrame KERNELBASE = new StackFrame(0x7ffa00003000L, "C:\\Windows\\System32\\KernelBase.dll",
        0x3000, null, null, 0);

    private static LeakGroup group(int stackId, List<StackFrame> stack, String... types) {
        List<LeakedHandle> handles = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < types.length; i++) {
            handles.add(new LeakedHandle(100 + i, types[i], "h" + i, 1000L * (i + 1), 1));
            counts.merge(types[i], 1, Integer::sum);
        }
        return new LeakGroup(stackId, types.length, counts, 1000, 1000L * types.length, stack, handles);
    }

    private static final LeakReport REPORT = new LeakReport(new TimeWindow(0, 10_000), Horizon.END, 10_000, 0, List.of(
        group(1, List.of(HOOK, LIBC_OPEN, CONFIG, MAIN), "file", "file", "file", "socket"),
        group(2, List.of(HOOK, LIBC_OPEN, CACHE, MAIN), "file", "file"),
        group(3, List.of(KERNELBASE, MAIN), "Directory", "Event")));

    private static SuppressionRule rule(String name, String module, String function, String type, List<String> stack) {
        return new SuppressionRule(name, "because", module, function, type, stack, "test");
    }

    private static Map<Integer, Integer> left(Suppressed s) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (LeakGroup g : s.report().groups()) m.put(g.stackId(), g.count());
        return m;
    }

    @Test
    void functionGlobHidesEveryHandleOfTheStacksThroughThatFunction() {
        Suppressed s = new SuppressionSet(List.of(rule("cfg", null, "load_*", null, List.of()))).apply(REPORT);

        assertThat(left(s)).isEqualTo(Map.of(2, 2, 3, 2));
        assertThat(s.hits()).singleElement().satisfies(h -> {
            assertThat(h.handles()).isEqualTo(4);
            assertThat(h.stacks()).isEqualTo(1);
        });
        assertThat(s.report().totalLeaked()).isEqualTo(4);
    }

    @Test
    void moduleMatchesTheFileNameIgnoringCaseAndTypeIsCheckedPerHandle() {
        Suppressed s = new SuppressionSet(List.of(rule("dir", "kernelbase.dll", null, "directory", List.of())))
            .apply(REPORT);

        assertThat(left(s)).isEqualTo(Map.of(1, 4, 2, 2, 3, 1));
        assertThat(s.report().groups()).filteredOn(g -> g.stackId() == 3).singleElement()
            .satisfies(g -> assertThat(g.types()).isEqualTo(Map.of("Event", 1)));
        assertThat(s.hiddenHandles()).isEqualTo(1);
    }

    @Test
    void moduleAndFunctionMustMatchTheSameFrame() {
        Suppressed none = new SuppressionSet(List.of(rule("x", "libc.so*", "load_config", null, List.of()))).apply(REPORT);
        Suppressed one = new SuppressionSet(List.of(rule("y", "libc.so*", "open*", null, List.of()))).apply(REPORT);

        assertThat(none.hiddenHandles()).isZero();
        assertThat(one.hiddenHandles()).isEqualTo(6);
        assertThat(one.hits().getFirst().stacks()).isEqualTo(2);
    }

    @Test
    void stackPrefixStartsAfterTheHookAndMatchesFramesInOrder() {
        SuppressionSet set = new SuppressionSet(List.of(
            rule("prefix", null, null, null, List.of("libc.so.6!open*", "server!open_cache")),
            rule("out-of-order", null, null, null, List.of("load_config", "open64")),
            rule("hook-is-skipped", null, null, null, List.of("hs_open"))));
        Suppressed s = set.apply(REPORT);

        assertThat(left(s)).isEqualTo(Map.of(1, 4, 3, 2));
        assertThat(s.hits()).extracting(RuleHits::handles).containsExactly(2, 0, 0);
    }

    @Test
    void theFirstMatchingRuleTakesTheHandleAndEachRuleCountsWhatItHid() {
        SuppressionSet set = new SuppressionSet(List.of(
            rule("sockets", null, null, "sock?t", List.of()),
            rule("all-server-files", "SERVER", null, "file", List.of()),
            rule("everything-in-main", null, "main", null, List.of())));
        Suppressed s = set.apply(REPORT);

        assertThat(s.report().groups()).isEmpty();
        assertThat(s.hits()).extracting(h -> h.rule().name() + "=" + h.handles() + "/" + h.stacks())
            .containsExactly("sockets=1/1", "all-server-files=5/2", "everything-in-main=2/1");
        assertThat(s.report().openBeforeRecording()).isEqualTo(REPORT.openBeforeRecording());
    }

    @Test
    void aFileGivesRulesWithReasonsInOrder() throws Exception {
        List<SuppressionRule> rules = SuppressionFile.parse("""
            # comment
            [[suppress]]
            name = "cfg"
            reason = "read once at start"
            function = "load_*"
            type = "file"

            [[suppress]]
            reason = "cache lives forever"
            stack = ["libc.so.6!open*", "open_cache"]
            """, "rules.toml");

        assertThat(rules).extracting(SuppressionRule::name).containsExactly("cfg", "rule 2");
        assertThat(rules.get(0).reason()).isEqualTo("read once at start");
        assertThat(rules.get(1).stack()).containsExactly("libc.so.6!open*", "open_cache");
        assertThat(new SuppressionSet(rules).apply(REPORT).hits()).extracting(RuleHits::handles).containsExactly(3, 2);
    }

    @Test
    void unclearFilesAreRefusedWithTheFileAndRuleNamed() {
        assertThatThrownBy(() -> SuppressionFile.parse("[[suppress]]\nreason = \"r\"\nfuncton = \"x\"\n", "a.toml"))
            .isInstanceOf(SuppressionException.class).hasMessageContaining("a.toml, rule 1: unknown key 'functon'");
        assertThatThrownBy(() -> SuppressionFile.parse("[[suppress]]\nfunction = \"x\"\n", "b.toml"))
            .hasMessageContaining("b.toml, rule 1").hasMessageContaining("no reason");
        assertThatThrownBy(() -> SuppressionFile.parse("[[suppress]]\nreason = \"r\"\n", "c.toml"))
            .hasMessageContaining("c.toml, rule 1").hasMessageContaining("would hide every handle");
        assertThatThrownBy(() -> SuppressionFile.parse("[[suppress]\nreason = \"r\"\n", "d.toml"))
            .hasMessageContaining("d.toml is not valid TOML");
        assertThatThrownBy(() -> SuppressionFile.parse("[[suppres]]\nreason = \"r\"\ntype = \"x\"\n", "e.toml"))
            .hasMessageContaining("unknown top-level key 'suppres'");
    }

    @Test
    void aRuleMadeFromARowHidesThatRowsHandlesOnlyAndSurvivesTheFileFormat() throws Exception {
        SuppressionRule made = RuleFromStack.of(REPORT.groups().get(1), "leak table");

        assertThat(made.stack()).containsExactly("libc.so.6!open64", "server!open_cache");
        assertThat(made.type()).isEqualTo("file");
        assertThat(made.name()).isEqualTo("accepted open_cache");
        List<SuppressionRule> read = SuppressionFile.parse(SuppressionFile.format(made), "leak table");
        assertThat(read).containsExactly(made);
        Suppressed s = new SuppressionSet(read).apply(REPORT);
        assertThat(left(s)).isEqualTo(Map.of(1, 4, 3, 2));
        assertThat(s.hiddenHandles()).isEqualTo(2);
    }

    @Test
    void formattedRulesKeepQuotesBackslashesAndLineBreaks() throws Exception {
        SuppressionRule odd = new SuppressionRule("a \"b\"", "line 1\nC:\\path\ttab", "C:\\x\\*.dll", "ns::f<a;b>",
            null, List.of("m!operator!", "*"), "odd.toml");

        assertThat(SuppressionFile.parse(SuppressionFile.format(odd), "odd.toml")).containsExactly(odd);
    }

    @Test
    void theBuiltInListParsesAndEveryRuleHasAReason() {
        List<SuppressionRule> defaults = SuppressionFile.defaults();

        assertThat(defaults).isNotEmpty().allSatisfy(r -> {
            assertThat(r.isDefault()).isTrue();
            assertThat(r.reason()).isNotBlank();
        });
        assertThat(SuppressionFile.defaultsText()).contains("--no-default-suppressions");
    }
}
