package io.handlespy.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The functions an ELF64 file's symbol tables (.symtab, else what .dynsym
 * exports) describe, with their extents, to tell whether a link-time address
 * lies inside one and which. addr2line names the nearest preceding symbol
 * whatever its size: in a stripped binary an address in a static function
 * would get the name of some exported function before it; outside every
 * extent there is no name to give.
 */
final class ElfSymbolTable {
    static final ElfSymbolTable NONE = of(List.of());

    private static final int SHT_SYMTAB = 2, SHT_DYNSYM = 11, STT_FUNC = 2, STT_GNU_IFUNC = 10, SYM_SIZE = 24;
    private static final int SHT_NOBITS = 8;
    private static final long MAX_TABLE = 256L << 20;

    private record Function(long start, long end, String name) {
    }

    private final long[] starts;
    private final long[] ends;
    private final long[] maxEnds; /* the furthest end of any extent starting at or before starts[i] */
    private final String[] names;

    private ElfSymbolTable(long[] starts, long[] ends, long[] maxEnds, String[] names) {
        this.starts = starts;
        this.ends = ends;
        this.maxEnds = maxEnds;
        this.names = names;
    }

    /** The file's functions; none (covering nothing) when it cannot be read. */
    static ElfSymbolTable read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ElfBytes.of(ch));
        } catch (IOException e) {
            return NONE;
        }
    }

    /** The functions of an ELF image; none when it cannot be read. */
    static ElfSymbolTable read(ElfBytes elf) {
        List<Function> functions = new ArrayList<>();
        try {
            ByteBuffer eh = elf.read(0, 64);
            if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) return NONE;
            long shoff = eh.getLong(40);
            int shentsize = Short.toUnsignedInt(eh.getShort(58));
            int shnum = Short.toUnsignedInt(eh.getShort(60));
            if (shoff == 0 || shentsize < 64 || shnum > 65535) return NONE;
            ByteBuffer sh = elf.read(shoff, shentsize * shnum);
            for (int i = 0; i < shnum; i++) {
                int at = i * shentsize;
                int type = sh.getInt(at + 4), link = sh.getInt(at + 40);
                long offset = sh.getLong(at + 24), size = sh.getLong(at + 32);
                if ((type != SHT_SYMTAB && type != SHT_DYNSYM) || size <= 0 || size > MAX_TABLE) continue;
                ByteBuffer syms = elf.read(offset, (int) size);
                ByteBuffer strings = strings(elf, sh, shentsize, shnum, link);
                for (int s = 0; s + SYM_SIZE <= size; s += SYM_SIZE) {
                    int kind = syms.get(s + 4) & 0xf;
                    int section = Short.toUnsignedInt(syms.getShort(s + 6));
                    long value = syms.getLong(s + 8), length = syms.getLong(s + 16);
                    if ((kind == STT_FUNC || kind == STT_GNU_IFUNC) && section != 0 && length > 0) {
                        functions.add(new Function(value, value + length, ElfBytes.string(strings, syms.getInt(s))));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return of(functions);
    }

    /** The string table a symbol table links to; empty when there is none. */
    private static ByteBuffer strings(ElfBytes elf, ByteBuffer sh, int shentsize, int shnum, int index)
            throws IOException {
        if (index <= 0 || index >= shnum) return ByteBuffer.allocate(0);
        int at = index * shentsize;
        long offset = sh.getLong(at + 24), size = sh.getLong(at + 32);
        if (sh.getInt(at + 4) == SHT_NOBITS || size <= 0 || size > MAX_TABLE) return ByteBuffer.allocate(0);
        return elf.read(offset, (int) size);
    }

    private static ElfSymbolTable of(List<Function> functions) {
        Function[] sorted = functions.toArray(new Function[0]);
        Arrays.sort(sorted, Comparator.comparing(Function::start, Long::compareUnsigned));
        long[] starts = new long[sorted.length], ends = new long[sorted.length], maxEnds = new long[sorted.length];
        String[] names = new String[sorted.length];
        long furthest = 0;
        for (int i = 0; i < sorted.length; i++) {
            starts[i] = sorted[i].start();
            ends[i] = sorted[i].end();
            names[i] = sorted[i].name();
            furthest = Long.compareUnsigned(ends[i], furthest) > 0 ? ends[i] : furthest;
            maxEnds[i] = furthest;
        }
        return new ElfSymbolTable(starts, ends, maxEnds, names);
    }

    /** Whether some function's extent holds this link-time address. */
    boolean covers(long vaddr) {
        int last = lastStartingAtOrBefore(vaddr);
        return last >= 0 && Long.compareUnsigned(vaddr, maxEnds[last]) < 0;
    }

    /** The name of the innermost function whose extent holds this link-time address. */
    Optional<String> functionAt(long vaddr) {
        for (int i = lastStartingAtOrBefore(vaddr); i >= 0 && Long.compareUnsigned(vaddr, maxEnds[i]) < 0; i--) {
            if (Long.compareUnsigned(vaddr, ends[i]) < 0 && !names[i].isEmpty()) return Optional.of(names[i]);
        }
        return Optional.empty();
    }

    private int lastStartingAtOrBefore(long vaddr) {
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
        return last;
    }
}
