package io.handlespy.symbols;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/** The two facts of a PE image the symbolizers need: its machine and its preferred image base. */
public record PeFile(int machine, long imageBase) {
    public static final int MACHINE_I386 = 0x14C;
    public static final int MACHINE_AMD64 = 0x8664;

    /** Reads the headers; empty if the file is missing or not a PE image. */
    public static Optional<PeFile> read(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] dos = new byte[64];
            f.readFully(dos);
            ByteBuffer d = ByteBuffer.wrap(dos).order(ByteOrder.LITTLE_ENDIAN);
            if (d.getShort(0) != 0x5A4D) return Optional.empty();
            long peAt = Integer.toUnsignedLong(d.getInt(0x3C));
            if (peAt > f.length() - 0x70) return Optional.empty();
            byte[] head = new byte[0x70];
            f.seek(peAt);
            f.readFully(head);
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (h.getInt(0) != 0x00004550) return Optional.empty();
            int machine = Short.toUnsignedInt(h.getShort(4));
            int magic = Short.toUnsignedInt(h.getShort(24));
            long base = magic == 0x20B ? h.getLong(24 + 24) : Integer.toUnsignedLong(h.getInt(24 + 28));
            return Optional.of(new PeFile(machine, base));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
