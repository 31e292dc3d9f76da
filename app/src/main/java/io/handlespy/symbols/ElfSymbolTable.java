package io.handlespy.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The extents of the functions an ELF64 file's symbol tables (.symtab, else what
 * .dynsym exports) describe, to tell whether a link-time address lies inside
 * one. addr2line names the nearest preceding symbol whatever its size: in a
 * stripped binary an address in a static function would get the name of some
 * exported function before it; outside every extent there is no name to give.
 */
final class ElfSymbolTable {
    private static final int SHT_SYMTAB = 2, SHT_DYNSYM = 11, STT_FUNC = 2, STT_GNU_IFUNC = 10, SYM_SIZE = 24;
    private static final long MAX_TABLE = 256L << 20;

    private final long[] starts;
    private final long[] maxEnds; /* the furthest end of any extent starting at or before starts[i] */

    private ElfSymbolTable(long[] starts, long[] maxEnds) {
        this.starts = starts;
        this.maxEnds = maxEnds;
    }

    /** The file's function extents; none (covering nothing) when it cannot be read. */
    static ElfSymbolTable read(Path file) {
        List<long[]> extents = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer eh = readAt(ch, 0, 64);
            if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) return of(extents);
            long shoff = eh.getLong(40);
            int shentsize = Short.toUnsignedInt(eh.getShort(58));
            int shnum = Short.toUnsignedInt(eh.getShort(60));
            if (shoff == 0 || shentsize < 64 || shnum > 65535) return of(extents);
            ByteBuffer sh = readAt(ch, shoff, shentsize * shnum);
            for (int i = 0; i < shnum; i++) {
                int at = i * shentsize;
                int type = sh.getInt(at + 4);
                long offset = sh.getLong(at + 24), size = sh.getLong(at + 32);
                if ((type != SHT_SYMTAB && type != SHT_DYNSYM) || size <= 0 || size > MAX_TABLE) continue;
                ByteBuffer syms = readAt(ch, offset, (int) size);
                for (int s = 0; s + SYM_SIZE <= size; s += SYM_SIZE) {
                    int kind = syms.get(s + 4) & 0xf;
                    int section = Short.toUnsignedInt(syms.getShort(s + 6));
                    long value = syms.getLong(s + 8), length = syms.getLong(s + 16);
                    if ((kind == STT_FUNC || kind == STT_GNU_IFUNC) && section != 0 && length > 0) {
                        extents.add(new long[] {value, value + length});
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return of(List.of());
        }
        return of(extents);
    }

    private static ElfSymbolTable of(List<long[]> extents) {
        long[][] sorted = extents.toArray(new long[0][]);
        Arrays.sort(sorted, (a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] starts = new long[sorted.length], maxEnds = new long[sorted.length];
        long furthest = 0;
        for (int i = 0; i < sorted.length; i++) {
            starts[i] = sorted[i][0];
            furthest = Long.compareUnsigned(sorted[i][1], furthest) > 0 ? sorted[i][1] : furthest;
            maxEnds[i] = furthest;
        }
        return new ElfSymbolTable(starts, maxEnds);
    }

    /** Whether some function's extent holds this link-time address. */
    boolean covers(long vaddr) {
        int lo = 0, hi = starts.length - 1, last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], vaddr) <= 0) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last >= 0 && Long.compareUnsigned(vaddr, maxEnds[last]) < 0;
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) throw new IOException("short ELF file");
        }
        return b.flip();
    }
}
