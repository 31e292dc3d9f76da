package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The hook DLL's table says, per ntdll function, which argument holds the new
 * handle and which the object attributes (or port name) it reads the name
 * from. A wrong index reads a handle or a GUID as a pointer and crashes the
 * target on the first such call. Every row is checked here against the
 * prototypes in native-hooks/windows/nt-prototypes.txt, and those against the
 * declarations mingw-w64's DDK headers carry for the same functions.
 */
class HookTablePrototypeTest {
    private static final Path REPO = Path.of(System.getProperty("handlespy.repo.dir", ".."));
    private static final Path MINGW_INCLUDE = Path.of("/usr/share/mingw-w64/include");
    private static final Pattern ROW = Pattern.compile(
        "^\\s*(E|EU)\\((Nt\\w+), (-?\\d+), (-?\\d+), \\w+\\),|^\\s*E2\\((Nt\\w+), (-?\\d+), (-?\\d+), (-?\\d+), \\w+, \\w+\\),");
    /** Hooked for their own reasons, with their own hooks: no create row. */
    private static final List<String> OWN_HOOKS = List.of("NtClose", "NtDuplicateObject", "NtTerminateProcess");

    record Row(String function, int out, int out2, int attrs, int portName) {}

    static Map<String, List<String>> prototypes() throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REPO.resolve("native-hooks/windows/nt-prototypes.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher p = Pattern.compile("(\\w+)\\((.*)\\)").matcher(line.strip());
            assertThat(p.matches()).as(line).isTrue();
            m.put(p.group(1), Arrays.stream(p.group(2).split(",")).map(HookTablePrototypeTest::typeOf).toList());
        }
        return m;
    }

    /** "PHANDLE TokenHandle" → "PHANDLE"; "HANDLE* Handles" → "HANDLE*". */
    private static String typeOf(String parameter) {
        String p = parameter.strip();
        return p.substring(0, p.lastIndexOf(' ')).replace(" ", "");
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(REPO.resolve("native-hooks/windows/hooks.c"))) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) continue;
            if (m.group(1) == null) {
                rows.add(new Row(m.group(5), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                    Integer.parseInt(m.group(8)), -1));
            } else if (m.group(1).equals("EU")) {
                rows.add(new Row(m.group(2), Integer.parseInt(m.group(3)), -1, -1, Integer.parseInt(m.group(4))));
            } else {
                rows.add(new Row(m.group(2), Integer.parseInt(m.group(3)), -1, Integer.parseInt(m.group(4)), -1));
            }
        }
        return rows;
    }

    @Test
    void everyRowReadsTheHandleAndTheNameFromTheArgumentsThePrototypeHasThere() throws IOException {
        Map<String, List<String>> protos = prototypes();
        List<Row> rows = rows();
        assertThat(rows).extracting(Row::function).contains("NtCreateEvent", "NtCreateEnlistment", "NtCreateUserProcess");
        for (Row r : rows) {
            if (OWN_HOOKS.contains(r.function())) continue;
            List<String> types = protos.get(r.function());
            assertThat(types).as("a prototype for %s in nt-prototypes.txt", r.function()).isNotNull();
            assertThat(types.get(r.out())).as("%s: argument %d holds the new handle", r.function(), r.out()).isEqualTo("PHANDLE");
            if (r.out2() >= 0) {
                assertThat(types.get(r.out2())).as("%s: argument %d holds the second handle", r.function(), r.out2())
                    .isEqualTo("PHANDLE");
            }
            if (r.portName() >= 0) {
                assertThat(types.get(r.portName())).as("%s: argument %d is the port name", r.function(), r.portName())
                    .isEqualTo("PUNICODE_STRING");
            } else {
                assertThat(r.attrs()).as("%s: the object attributes are argument %d of %s", r.function(),
                    types.indexOf("POBJECT_ATTRIBUTES"), types).isEqualTo(types.indexOf("POBJECT_ATTRIBUTES"));
            }
        }
    }

    @Test
    void thePrototypesAgreeWithMingwsDdkHeaders() throws IOException {
        Map<String, List<String>> protos = prototypes();
        Map<String, List<String>> declared = new LinkedHashMap<>();
        List<Path> headers;
        try (Stream<Path> ddk = Files.list(MINGW_INCLUDE.resolve("ddk"))) {
            headers = new ArrayList<>(ddk.filter(p -> p.toString().endsWith(".h")).toList());
        }
        headers.add(MINGW_INCLUDE.resolve("winternl.h"));
        Pattern decl = Pattern.compile("\\b(?:Nt|Zw)(\\w+)\\s*\\(([^;{}]*?)\\)\\s*;");
        for (Path h : headers) {
            Matcher m = decl.matcher(Files.readString(h, java.nio.charset.StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String name = "Nt" + m.group(1);
                if (!protos.containsKey(name)) continue;
                List<String> types = declaredTypes(m.group(2));
                assertThat(types).as("%s as %s declares it", name, h.getFileName()).isEqualTo(protos.get(name));
                declared.put(name, types);
            }
        }
        // the KTM family, whose rows were wrong once, is among the functions checked
        assertThat(declared).containsKeys("NtCreateEnlistment", "NtOpenEnlistment", "NtCreateResourceManager",
            "NtOpenResourceManager", "NtCreateTransaction", "NtOpenTransactionManager", "NtCreateEvent", "NtOpenProcess");
    }

    private static List<String> declaredTypes(String parameters) {
        List<String> types = new ArrayList<>();
        for (String p : parameters.split(",")) {
            String s = p.replaceAll("/\\*.*?\\*/", " ")
                .replaceAll("\\b(IN|OUT|OPTIONAL|_In_|_Out_|_In_opt_|_Out_opt_|_Inout_|CONST|const)\\b", " ")
                .replaceAll("_\\w+\\([^)]*\\)", " ").strip();
            if (s.isEmpty() || s.equals("VOID")) continue;
            String[] tokens = s.replace("*", " * ").trim().split("\\s+");
            types.add(String.join("", Arrays.copyOf(tokens, tokens.length - 1)));
        }
        return types;
    }
}
