package io.handlespy.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Little-endian reads at given offsets of an ELF file, on disk or (decompressed) in memory. */
@FunctionalInterface
interface ElfBytes {
    ByteBuffer read(long position, int size) throws IOException;

    static ElfBytes of(FileChannel ch) {
        return (position, size) -> {
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, position + b.position()) < 0) throw new IOException("short ELF file");
            }
            return b.flip();
        };
    }

    static ElfBytes of(byte[] image) {
        return (position, size) -> {
            if (position < 0 || size < 0 || position + size > image.length) throw new IOException("short ELF image");
            return ByteBuffer.wrap(image, (int) position, size).slice().order(ByteOrder.LITTLE_ENDIAN);
        };
    }

    /** The NUL-terminated string at this offset of a string table; empty when the offset is outside it. */
    static String string(ByteBuffer table, int offset) {
        if (offset < 0 || offset >= table.limit()) return "";
        int end = offset;
        while (end < table.limit() && table.get(end) != 0) end++;
        byte[] bytes = new byte[end - offset];
        table.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
