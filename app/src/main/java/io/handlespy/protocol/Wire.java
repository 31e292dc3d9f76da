package io.handlespy.protocol;

/** Constants of the framing shared by the encoder and the decoder. */
public final class Wire {
    public static final int MAGIC = 0x59505348;
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 8;
    public static final int MAX_PAYLOAD = 1 << 20;
    public static final int MAX_STACK_FRAMES = 64;
    public static final int MAX_STRING = 0xFFFF;

    private Wire() {}
}
