package io.handlespy.agent.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The GUID and age a .pdb file says it has (its PDB info stream, stream 1 of the
 * MSF container), as the 20 bytes a CodeView RSDS record and a MODULE_LOAD debug
 * id carry: GUID bytes as stored, then the age as a little-endian u32.
 */
final class PdbInfo {
    private static final String MAGIC = "Microsoft C/C++ MSF 7.00\r\n\u001aDS\0\0\0";

    private PdbInfo() {}

    static String debugIdHex(Path pdb) throws IOException {
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(pdb)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[32];
        f.get(0, magic);
        if (!new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1).equals(MAGIC)) {
            throw new IOException(pdb + " is not an MSF 7.00 file");
        }
        int blockSize = f.getInt(32), directoryBytes = f.getInt(44), blockMap = f.getInt(52);
        int directoryBlocks = (directoryBytes + blockSize - 1) / blockSize;
        ByteBuffer dir = ByteBuffer.allocate(directoryBlocks * blockSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < directoryBlocks; i++) {
            int block = f.getInt(blockMap * blockSize + 4 * i);
            dir.put(i * blockSize, f, block * blockSize, blockSize);
        }
        int streams = dir.getInt(0);
        int firstBlockOfStream1 = 4 + 4 * streams;
        int stream0Blocks = (dir.getInt(4) + blockSize - 1) / blockSize;
        int block = dir.getInt(firstBlockOfStream1 + 4 * stream0Blocks);
        int at = block * blockSize;
        int age = f.getInt(at + 8);
        byte[] guid = new byte[16];
        f.get(at + 12, guid);
        ByteBuffer id = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).put(guid).putInt(age);
        return HexFormat.of().formatHex(id.array());
    }
}
