package io.handlespy.symbols;

import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * MiniDebugInfo (Fedora, RHEL and others): a stripped ELF file may carry an xz-compressed ELF in its
 * {@code .gnu_debugdata} section whose {@code .symtab} lists the functions {@code .dynsym} does not export
 * (static and hidden ones), with their extents, at the module's own link-time addresses. binutils' addr2line
 * does not read it; this does.
 */
final class MiniDebugInfo {
    private static final String SECTION = ".gnu_debugdata";
    private static final int MAX_COMPRESSED = 64 << 20, MAX_IMAGE = 256 << 20, XZ_MEMORY_KIB = 256 << 10;

    private MiniDebugInfo() {
    }

    /** The functions of the embedded symbol table; empty when the file has none or it cannot be read. */
    static ElfSymbolTable functions(Path file) {
        return image(file).map(bytes -> ElfSymbolTable.read(ElfBytes.of(bytes))).orElse(ElfSymbolTable.NONE);
    }

    /** The decompressed embedded ELF file, when the section is there and decompresses within the limits. */
    static Optional<byte[]> image(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ElfBytes elf = ElfBytes.of(ch);
            ByteBuffer eh = elf.read(0, 64);
            if (eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) return Optional.empty();
            long shoff = eh.getLong(40);
            int shentsize = Short.toUnsignedInt(eh.getShort(58));
            int shnum = Short.toUnsignedInt(eh.getShort(60));
            int shstrndx = Short.toUnsignedInt(eh.getShort(62));
            if (shoff == 0 || shentsize < 64 || shstrndx >= shnum) return Optional.empty();
            ByteBuffer sh = elf.read(shoff, shentsize * shnum);
            long namesOffset = sh.getLong(shstrndx * shentsize + 24), namesSize = sh.getLong(shstrndx * shentsize + 32);
            if (namesSize <= 0 || namesSize > MAX_COMPRESSED) return Optional.empty();
            ByteBuffer names = elf.read(namesOffset, (int) namesSize);
            for (int i = 0; i < shnum; i++) {
                int at = i * shentsize;
                if (!SECTION.equals(ElfBytes.string(names, sh.getInt(at)))) continue;
                long offset = sh.getLong(at + 24), size = sh.getLong(at + 32);
                if (size <= 0 || size > MAX_COMPRESSED) return Optional.empty();
                ByteBuffer compressed = elf.read(offset, (int) size);
                byte[] xz = new byte[compressed.remaining()];
                compressed.get(xz);
                return decompress(xz);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> decompress(byte[] xz) throws IOException {
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(xz), XZ_MEMORY_KIB)) {
            byte[] image = in.readNBytes(MAX_IMAGE + 1);
            return image.length > MAX_IMAGE ? Optional.empty() : Optional.of(image);
        }
    }
}
