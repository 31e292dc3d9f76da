package io.handlespy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written bytes in the layout of handlespy_protocol.h: these pin the wire format byte for byte. */
class WireFormatExamplesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Spaces and line breaks in the hex are for the reader. */
    private static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s+", ""));
    }

    private static final Frame.Hello HELLO = new Frame.Hello(1, Frame.Hello.OS_LINUX, Frame.Hello.ARCH_X64, 4242,
        1_000_000_000L, 0x0102030405060708L, 1_700_000_000_000_000_000L, "/bin/a");
    private static final String HELLO_HEX = """
        30000000 0100 0000
        48535059 0100 02 02 92100000 00000000
        00ca9a3b00000000 0807060504030201 00002a36fe9c9717
        0600 2f62696e2f61
        """;

    private static void assertPinned(Frame frame, String hex) throws Exception {
        byte[] bytes = hex(hex);
        assertThat(HEX.formatHex(new FrameEncoder().toBytes(frame))).isEqualTo(HEX.formatHex(bytes));
        byte[] stream = FrameCodecPropertiesTest.concat(hex(HELLO_HEX), bytes);
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(stream));
        assertThat(d.next()).isEqualTo(HELLO);
        assertThat(d.next()).isEqualTo(frame);
        assertThat(d.next()).isNull();
    }

    @Test
    void hello() throws Exception {
        // 8-byte header + 40-byte fixed part + 2-byte count + 6 bytes of "/bin/a"
        assertThat(hex(HELLO_HEX)).hasSize(8 + 40 + 2 + 6);
        assertThat(new FrameEncoder().toBytes(HELLO)).isEqualTo(hex(HELLO_HEX));
        assertThat(new FrameDecoder(new ByteArrayInputStream(hex(HELLO_HEX))).next()).isEqualTo(HELLO);
    }

    @Test
    void createIsHeaderPlus28PlusStringBytes() throws Exception {
        String hex = """
            21000000 0500 0000
            e803000000000000 2400000000000000 d2040000 07000000 0200 0300
            0300 657674
            """;
        assertThat(hex(hex)).hasSize(8 + 28 + 2 + 3);
        assertPinned(new Frame.Create(1000, 0x24, 1234, 7, 2, 3, "evt"), hex);
    }

    @Test
    void createWithEmptyNameAndTopBitsSet() throws Exception {
        String hex = """
            1e000000 0500 0000
            ffffffffffffffff feffffffffffffff ffffffff ffffffff ffff ffff
            0000
            """;
        assertPinned(new Frame.Create(-1, -2, 0xFFFF_FFFFL, -1, 0xFFFF, 0xFFFF, ""), hex);
    }

    @Test
    void close() throws Exception {
        String hex = """
            1c000000 0600 0000
            0100000000000000 0300000000000000 05000000 00000000 0900 0000
            """;
        assertPinned(new Frame.Close(1, 3, 5, 0, 9), hex);
    }

    @Test
    void duplicateIs40Bytes() throws Exception {
        String hex = """
            28000000 0700 0000
            0200000000000000 0300000000000000 0400000000000000 05000000 06000000 0700 0800 07000000
            """;
        assertPinned(new Frame.Duplicate(2, 3, 4, 5, 6, 7, 8,
            Frame.Duplicate.NEW_IN_SELF | Frame.Duplicate.CLOSES_SOURCE | Frame.Duplicate.REPLACED_TARGET), hex);
    }

    @Test
    void stackInnermostFirst() throws Exception {
        String hex = """
            18000000 0400 0000
            0b000000 0200 0000
            1010000000000000 2020000000000000
            """;
        assertPinned(new Frame.Stack(11, new long[] {0x1010, 0x2020}), hex);
    }

    @Test
    void moduleLoadWithBuildId() throws Exception {
        String hex = """
            28000000 0200 0000
            0100000000000000 0000400000000000 0010000000000000 02 04
            deadbeef
            0800 2f6c69622e736f31
            """;
        assertThat(hex(hex)).hasSize(8 + 26 + 4 + 2 + 8);
        assertPinned(new Frame.ModuleLoad(1, 0x400000, 0x1000, Frame.ModuleLoad.DEBUG_ID_ELF_BUILD_ID,
            hex("deadbeef"), "/lib.so1"), hex);
    }

    @Test
    void otherFixedKinds() throws Exception {
        assertPinned(new Frame.ModuleUnload(1, 0x400000), "10000000 0300 0000 0100000000000000 0000400000000000");
        assertPinned(new Frame.Snapshot(1, 4, 64, "/"), "17000000 0800 0000 0100000000000000 0400000000000000 4000 0000 0100 2f");
        assertPinned(new Frame.Sample(1, 12, Frame.Sample.UNAVAILABLE, 0),
            "18000000 0900 0000 0100000000000000 0c000000 ffffffff 00000000 00000000");
        assertPinned(new Frame.Dropped(1, 500), "10000000 0a00 0000 0100000000000000 f401000000000000");
        assertPinned(new Frame.Goodbye(1, Frame.Goodbye.TARGET_EXIT, "exit code 3"),
            "17000000 0b00 0000 0100000000000000 0200 0b00 6578697420636f64652033");
        assertPinned(new Frame.Define(Frame.Define.TYPE, 256, "Ev"), "08000000 0c00 0000 0100 0001 0200 4576");
        assertPinned(new Frame.Note(1, Frame.Note.WARNING, "é"), "0e000000 0d00 0000 0100000000000000 0200 0200 c3a9");
        assertPinned(new Frame.Output(1, Frame.Output.STDERR, new byte[] {'o', 'k', '\n', (byte) 0xff}),
            "10000000 0f00 0000 0100000000000000 0200 0000 6f6b0aff");
        assertPinned(new Frame.Token(1, 0x10, 0x3e7, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "SY"),
            "20000000 0e00 0000 0100000000000000 1000000000000000 e703000000000000 0100 ffff 0200 5359");
        assertPinned(new Frame.Token(1, 0x14, 0x1_0000_0002L, Frame.Token.IMPERSONATION, 2, ""),
            "1e000000 0e00 0000 0100000000000000 1400000000000000 0200000001000000 0200 0200 0000");
    }

    @Test
    void trailingBytesAfterKnownFieldsAreIgnored() throws Exception {
        String hex = "14000000 0a00 0000 0100000000000000 0200000000000000 aabbccdd";
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(FrameCodecPropertiesTest.concat(hex(HELLO_HEX), hex(hex))));
        assertThat(d.next()).isEqualTo(HELLO);
        assertThat(d.next()).isEqualTo(new Frame.Dropped(1, 2));
        assertThat(d.next()).isNull();
    }

    @Test
    void malformedUtf8IsReplaced() throws Exception {
        Frame.Note note = (Frame.Note) Streams.decode(FrameCodecPropertiesTest.concat(hex(HELLO_HEX),
            hex("0d000000 0d00 0000 0100000000000000 0100 0100 ff"))).frames().get(1);
        assertThat(note.text()).isEqualTo("\uFFFD");
    }

    @Test
    void stringPointingPastThePayloadNamesFrameIndexAndKind() {
        byte[] bad = hex("0d000000 0d00 0000 0100000000000000 0100 0500 41");
        Streams.Decoded d = Streams.decode(FrameCodecPropertiesTest.concat(hex(HELLO_HEX), bad));
        assertThat(d.frames()).containsExactly(HELLO);
        assertThat(d.fault()).hasMessage("frame 1 (NOTE) has a 5-byte string with only 1 bytes left in the frame");
    }

    @Test
    void payloadShorterThanTheFixedPartIsMalformed() {
        byte[] bad = hex("04000000 0500 0000 01020304");
        Streams.Decoded d = Streams.decode(FrameCodecPropertiesTest.concat(hex(HELLO_HEX), bad));
        assertThat(d.fault()).hasMessage("frame 1 (CREATE) has 4 bytes, less than its 28-byte fixed part");
    }

    @Test
    void stackOverSixtyFourFramesIsMalformed() {
        byte[] bad = FrameCodecPropertiesTest.rawFrame(Frame.STACK, hex("01000000 4100 0000"));
        assertThat(Streams.decode(FrameCodecPropertiesTest.concat(hex(HELLO_HEX), bad)).fault())
            .hasMessage("frame 1 (STACK) has 65 frames, more than 64");
    }

    @Test
    void firstFrameMustBeHello() {
        byte[] create = new FrameEncoder().toBytes(new Frame.Create(1, 2, 3, 0, 1, 1, ""));
        assertThat(Streams.decode(create).fault())
            .hasMessage("not a HandleSpy event stream: the first frame is CREATE, not HELLO");
        byte[] badMagic = hex(HELLO_HEX);
        badMagic[8] = 'X';
        assertThat(Streams.decode(badMagic).fault()).hasMessage("not a HandleSpy event stream: bad magic 0x59505358");
    }

    @Test
    void versionTwoIsRefusedNamingBothVersions() {
        byte[] v2 = hex(HELLO_HEX);
        v2[12] = 2;
        assertThat(Streams.decode(v2).fault()).hasMessage(
            "recording protocol version 2, this HandleSpy reads version 1: use matching builds of the app and its native parts");
    }

    @Test
    void truncatedInsideTheThirdFrame() {
        byte[] all = Streams.encode(List.of(HELLO, new Frame.Dropped(1, 1), new Frame.Dropped(2, 2)));
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 1);
        Streams.Decoded d = Streams.decode(cut);
        assertThat(d.frames()).hasSize(2);
        assertThat(d.fault()).hasMessage("stream truncated after 2 frames");
    }

    @Test
    void encoderTruncatesStringsAt4096BytesOnACharacterBoundary() throws Exception {
        String name = "a" + "€".repeat(2000);
        Frame.Create c = new Frame.Create(1, 2, 3, 0, 1, 1, name);
        byte[] bytes = new FrameEncoder().toBytes(c);
        // 1 + 1365 * 3 = 4096 bytes: exactly at the limit, the cut falls between two euro signs.
        assertThat(bytes).hasSize(8 + 28 + 2 + 4096);
        Frame.Create back = (Frame.Create) Streams.decode(FrameCodecPropertiesTest.concat(hex(HELLO_HEX), bytes)).frames().get(1);
        assertThat(back.name()).isEqualTo("a" + "€".repeat(1365));
        Frame.Create shifted = new Frame.Create(1, 2, 3, 0, 1, 1, "ab" + "€".repeat(2000));
        // 2 + 1364 * 3 = 4094; the next euro sign would end at 4097, so it is left out whole.
        assertThat(new FrameEncoder().toBytes(shifted)).hasSize(8 + 28 + 2 + 4094);
    }

    @Test
    void encoderRefusesWhatTheWireCannotCarry() {
        FrameEncoder e = new FrameEncoder();
        assertThatThrownBy(() -> e.toBytes(new Frame.Stack(1, new long[65])))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("stack of 65 frames, at most 64");
        assertThatThrownBy(() -> e.toBytes(new Frame.ModuleLoad(1, 2, 3, 2, new byte[256], "x")))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("debug id of 256 bytes, at most 255");
    }
}
