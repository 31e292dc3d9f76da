package io.handlespy.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The two facts the symbolizer needs from an ELF64 file's program headers: its
 * GNU build-id (to refuse a file that is not the one that was mapped) and the
 * link-time address of file offset 0 (to turn a runtime address into the
 * address the debug info uses).
 */
record ElfImage(String buildIdHex, long offsetZeroVaddr) {
    private static final int PT_LOAD = 1, PT_NOTE = 4, NT_GNU_BUILD_ID = 3;
    private static final int MAX_NOTES = 1 << 16;

    /** Empty when the file is missing, unreadable or not a little-endian ELF64 file. */
    static Optional<ElfImage> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer eh = readAt(ch, 0, 64);
            if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) return Optional.empty();
            long phoff = eh.getLong(32);
            int phentsize = Short.toUnsignedInt(eh.getShort(54));
            int phnum = Short.toUnsignedInt(eh.getShort(56));
            if (phentsize < 56 || phnum > 512) return Optional.empty();
            ByteBuffer ph = readAt(ch, phoff, phentsize * phnum);
            String buildId = "";
            Long zero = null;
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                int type = ph.getInt(at);
                long offset = ph.getLong(at + 8), vaddr = ph.getLong(at + 16), filesz = ph.getLong(at + 32);
                if (type == PT_LOAD && zero == null) zero = vaddr - offset;
                if (type == PT_NOTE && buildId.isEmpty() && filesz > 0 && filesz <= MAX_NOTES) {
                    buildId = buildId(readAt(ch, offset, (int) filesz));
                }
            }
            return zero == null ? Optional.empty() : Optional.of(new ElfImage(buildId, zero));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String buildId(ByteBuffer notes) {
        int at = 0;
        while (at + 12 <= notes.limit()) {
            int namesz = notes.getInt(at), descsz = notes.getInt(at + 4), type = notes.getInt(at + 8);
            int desc = at + 12 + ((namesz + 3) & ~3);
            if (namesz < 0 || descsz < 0 || desc + descsz > notes.limit()) return "";
            if (type == NT_GNU_BUILD_ID && namesz == 4 && notes.get(at + 12) == 'G' && notes.get(at + 13) == 'N'
                    && notes.get(at + 14) == 'U') {
                byte[] id = new byte[descsz];
                notes.get(desc, id);
                return HexFormat.of().formatHex(id);
            }
            at = desc + ((descsz + 3) & ~3);
        }
        return "";
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) throw new IOException("short ELF file");
        }
        return b.flip();
    }
}
