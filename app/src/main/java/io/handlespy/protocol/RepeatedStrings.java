package io.handlespy.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stream repeats its strings (a busy thread opens the same path again and again):
 * each short one is decoded once and handed out again while it stays in a small
 * cache keyed by its bytes, so a repeat costs a hash and a compare instead of a
 * new String, and the frames share one instance (whose hash the store's name
 * dictionaries then compute once). Not thread-safe.
 */
final class RepeatedStrings {
    private static final int SLOTS = 256, MAX_CACHED_LENGTH = 256;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    String decode(byte[] b, int off, int len) {
        if (len > MAX_CACHED_LENGTH) return utf8(b, off, len);
        int h = len;
        for (int i = off; i < off + len; i++) h = 31 * h + b[i];
        int slot = (h ^ h >>> 16) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, b, off, off + len)) return strings[slot];
        String s = utf8(b, off, len);
        bytes[slot] = Arrays.copyOfRange(b, off, off + len);
        strings[slot] = s;
        return s;
    }

    /** The String constructor replaces malformed UTF-8 with U+FFFD, as the spec asks, and is intrinsified. */
    private static String utf8(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
