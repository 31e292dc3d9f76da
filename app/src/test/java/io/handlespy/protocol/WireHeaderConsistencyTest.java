package io.handlespy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads native-hooks/include/handlespy_protocol.h, the native side's source of
 * truth, and checks the Java codec agrees with it: frame kinds, fixed sizes (from
 * the header's static asserts and from summing each struct's fields), limits and
 * the enumerated values. Either side changing alone fails this test.
 */
class WireHeaderConsistencyTest {
    private static String header;
    private static final Map<String, Long> constants = new HashMap<>();

    @BeforeAll
    static void readHeader() throws Exception {
        Path repo = Path.of(System.getProperty("handlespy.repo.dir"));
        header = Files.readString(repo.resolve("native-hooks/include/handlespy_protocol.h"));
        Matcher enumValue = Pattern.compile("\\b(HS_[A-Z0-9_]+)\\s*=\\s*(\\d+)").matcher(header);
        while (enumValue.find()) constants.put(enumValue.group(1), Long.parseLong(enumValue.group(2)));
        Matcher define = Pattern.compile("#define\\s+(HS_[A-Z0-9_]+)\\s+\\(?(0x[0-9A-Fa-f]+|\\d+)u?(?:\\s*<<\\s*(\\d+)\\))?").matcher(header);
        while (define.find()) {
            long v = Long.decode(define.group(2));
            if (define.group(3) != null) v <<= Integer.parseInt(define.group(3));
            constants.put(define.group(1), v);
        }
    }

    private static long constant(String name) {
        assertThat(constants).as("header defines " + name).containsKey(name);
        return constants.get(name);
    }

    private static int staticAssertSize(String struct) {
        Matcher m = Pattern.compile("HS_STATIC_ASSERT\\(sizeof\\(" + struct + "\\)\\s*==\\s*(\\d+)").matcher(header);
        assertThat(m.find()).as("static assert for " + struct).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Sum of the field widths declared in the struct's body; comments name the variable parts and are skipped. */
    private static int fieldSum(String struct) {
        Matcher body = Pattern.compile("typedef struct HS_PACKED " + struct + " \\{(.*?)\\}", Pattern.DOTALL).matcher(header);
        assertThat(body.find()).as("struct " + struct).isTrue();
        String fields = body.group(1).replaceAll("(?s)/\\*.*?\\*/", "");
        Matcher f = Pattern.compile("\\bu?int(8|16|32|64)_t\\s+\\w+\\s*;").matcher(fields);
        int sum = 0;
        while (f.find()) sum += Integer.parseInt(f.group(1)) / 8;
        return sum;
    }

    @Test
    void everyFrameKindHasTheSameNumberAndFixedSizeOnBothSides() {
        Matcher kinds = Pattern.compile("HS_FRAME_([A-Z_]+)\\s*=\\s*(\\d+)").matcher(header);
        int seen = 0;
        while (kinds.find()) {
            String name = kinds.group(1);
            int kind = Integer.parseInt(kinds.group(2));
            String struct = "hs_" + name.toLowerCase(Locale.ROOT);
            assertThat(Wire.kindName(kind)).isEqualTo(name);
            assertThat(Wire.fixedSize(kind)).as(name + " fixed size vs static assert")
                .isEqualTo(staticAssertSize(struct));
            assertThat(Wire.fixedSize(kind)).as(name + " fixed size vs the struct's fields").isEqualTo(fieldSum(struct));
            seen++;
        }
        assertThat(seen).isEqualTo(17);
        assertThat(Wire.fixedSize(18)).isEqualTo(-1);
    }

    @Test
    void frameHeaderIsEightBytes() {
        assertThat(staticAssertSize("hs_frame_header")).isEqualTo(Wire.HEADER_SIZE);
        assertThat(fieldSum("hs_frame_header")).isEqualTo(Wire.HEADER_SIZE);
    }

    @Test
    void limitsAndMagicAgree() {
        assertThat(constant("HS_PROTOCOL_MAGIC")).isEqualTo(Wire.MAGIC);
        assertThat(constant("HS_PROTOCOL_VERSION")).isEqualTo(Wire.VERSION);
        assertThat(constant("HS_MAX_PAYLOAD")).isEqualTo(Wire.MAX_PAYLOAD);
        assertThat(constant("HS_MAX_STACK_FRAMES")).isEqualTo(Wire.MAX_STACK_FRAMES);
        assertThat(constant("HS_MAX_STRING")).isEqualTo(Wire.MAX_STRING);
        assertThat(header).contains("#define HS_COUNT_UNAVAILABLE UINT32_MAX");
        assertThat(Frame.Sample.UNAVAILABLE).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void enumeratedValuesAgree() {
        assertThat(constant("HS_OS_WINDOWS")).isEqualTo(Frame.Hello.OS_WINDOWS);
        assertThat(constant("HS_OS_LINUX")).isEqualTo(Frame.Hello.OS_LINUX);
        assertThat(constant("HS_ARCH_X86")).isEqualTo(Frame.Hello.ARCH_X86);
        assertThat(constant("HS_ARCH_X64")).isEqualTo(Frame.Hello.ARCH_X64);
        assertThat(constant("HS_ARCH_ARM64")).isEqualTo(Frame.Hello.ARCH_ARM64);
        assertThat(constant("HS_DEBUG_ID_NONE")).isEqualTo(Frame.ModuleLoad.DEBUG_ID_NONE);
        assertThat(constant("HS_DEBUG_ID_PDB")).isEqualTo(Frame.ModuleLoad.DEBUG_ID_PDB);
        assertThat(constant("HS_DEBUG_ID_ELF_BUILD_ID")).isEqualTo(Frame.ModuleLoad.DEBUG_ID_ELF_BUILD_ID);
        assertThat(constant("HS_DUP_NEW_IN_SELF")).isEqualTo(Frame.Duplicate.NEW_IN_SELF);
        assertThat(constant("HS_DUP_CLOSES_SOURCE")).isEqualTo(Frame.Duplicate.CLOSES_SOURCE);
        assertThat(constant("HS_DUP_REPLACED_TARGET")).isEqualTo(Frame.Duplicate.REPLACED_TARGET);
        assertThat(constant("HS_GOODBYE_DETACHED")).isEqualTo(Frame.Goodbye.DETACHED);
        assertThat(constant("HS_GOODBYE_TARGET_EXIT")).isEqualTo(Frame.Goodbye.TARGET_EXIT);
        assertThat(constant("HS_GOODBYE_ERROR")).isEqualTo(Frame.Goodbye.ERROR);
        assertThat(constant("HS_DEFINE_TYPE")).isEqualTo(Frame.Define.TYPE);
        assertThat(constant("HS_DEFINE_API")).isEqualTo(Frame.Define.API);
        assertThat(constant("HS_NOTE_INFO")).isEqualTo(Frame.Note.INFO);
        assertThat(constant("HS_NOTE_WARNING")).isEqualTo(Frame.Note.WARNING);
        assertThat(constant("HS_NOTE_ERROR")).isEqualTo(Frame.Note.ERROR);
        assertThat(constant("HS_OUTPUT_STDOUT")).isEqualTo(Frame.Output.STDOUT);
        assertThat(constant("HS_OUTPUT_STDERR")).isEqualTo(Frame.Output.STDERR);
        assertThat(constant("HS_TOKEN_PRIMARY")).isEqualTo(Frame.Token.PRIMARY);
        assertThat(constant("HS_TOKEN_IMPERSONATION")).isEqualTo(Frame.Token.IMPERSONATION);
        assertThat(constant("HS_TOKEN_LEVEL_NONE")).isEqualTo(Frame.Token.LEVEL_NONE);
        assertThat(constant("HS_NO_STACK")).isZero();
        assertThat(constant("HS_PROCESS_SELECT")).isEqualTo(Frame.Process.SELECT);
        assertThat(constant("HS_PROCESS_STARTED")).isEqualTo(Frame.Process.STARTED);
        assertThat(constant("HS_PROCESS_EXEC")).isEqualTo(Frame.Process.EXEC);
        assertThat(constant("HS_PROCESS_EXITED")).isEqualTo(Frame.Process.EXITED);
    }
}
