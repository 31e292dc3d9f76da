package io.handlespy.protocol;

/**
 * Constants of the framing shared by the encoder and the decoder. They mirror
 * native-hooks/include/handlespy_protocol.h; WireHeaderConsistencyTest parses that
 * header so the two sides cannot drift apart unnoticed.
 */
public final class Wire {
    public static final int MAGIC = 0x59505348;
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 8;
    public static final int MAX_PAYLOAD = 1 << 20;
    public static final int MAX_STACK_FRAMES = 64;
    /** Agents truncate strings to this many bytes; decoders accept anything a u16 count can say. */
    public static final int MAX_STRING = 4096;
    /** debug_id_size is a u8. */
    public static final int MAX_DEBUG_ID = 0xFF;

    /** Fixed part of each frame kind's payload, before its strings, debug id or stack frames. */
    public static final int HELLO_SIZE = 40, MODULE_LOAD_SIZE = 26, MODULE_UNLOAD_SIZE = 16, STACK_SIZE = 8,
        CREATE_SIZE = 28, CLOSE_SIZE = 28, DUPLICATE_SIZE = 40, SNAPSHOT_SIZE = 20, SAMPLE_SIZE = 24,
        DROPPED_SIZE = 16, GOODBYE_SIZE = 10, DEFINE_SIZE = 4, NOTE_SIZE = 10,
        TOKEN_SIZE = 28, OUTPUT_SIZE = 12, PROCESS_SIZE = 24, CODE_SYMBOL_SIZE = 24;

    private Wire() {}

    /** The fixed payload size of a known kind, or -1 for a kind this version does not know. */
    public static int fixedSize(int kind) {
        return switch (kind) {
            case Frame.HELLO -> HELLO_SIZE;
            case Frame.MODULE_LOAD -> MODULE_LOAD_SIZE;
            case Frame.MODULE_UNLOAD -> MODULE_UNLOAD_SIZE;
            case Frame.STACK -> STACK_SIZE;
            case Frame.CREATE -> CREATE_SIZE;
            case Frame.CLOSE -> CLOSE_SIZE;
            case Frame.DUPLICATE -> DUPLICATE_SIZE;
            case Frame.SNAPSHOT -> SNAPSHOT_SIZE;
            case Frame.SAMPLE -> SAMPLE_SIZE;
            case Frame.DROPPED -> DROPPED_SIZE;
            case Frame.GOODBYE -> GOODBYE_SIZE;
            case Frame.DEFINE -> DEFINE_SIZE;
            case Frame.NOTE -> NOTE_SIZE;
            case Frame.OUTPUT -> OUTPUT_SIZE;
            case Frame.TOKEN -> TOKEN_SIZE;
            case Frame.PROCESS -> PROCESS_SIZE;
            case Frame.CODE_SYMBOL -> CODE_SYMBOL_SIZE;
            default -> -1;
        };
    }

    /** The protocol's name of a frame kind, for messages. */
    public static String kindName(int kind) {
        return switch (kind) {
            case Frame.HELLO -> "HELLO";
            case Frame.MODULE_LOAD -> "MODULE_LOAD";
            case Frame.MODULE_UNLOAD -> "MODULE_UNLOAD";
            case Frame.STACK -> "STACK";
            case Frame.CREATE -> "CREATE";
            case Frame.CLOSE -> "CLOSE";
            case Frame.DUPLICATE -> "DUPLICATE";
            case Frame.SNAPSHOT -> "SNAPSHOT";
            case Frame.SAMPLE -> "SAMPLE";
            case Frame.DROPPED -> "DROPPED";
            case Frame.GOODBYE -> "GOODBYE";
            case Frame.DEFINE -> "DEFINE";
            case Frame.NOTE -> "NOTE";
            case Frame.OUTPUT -> "OUTPUT";
            case Frame.TOKEN -> "TOKEN";
            case Frame.PROCESS -> "PROCESS";
            case Frame.CODE_SYMBOL -> "CODE_SYMBOL";
            default -> "kind " + kind;
        };
    }
}
