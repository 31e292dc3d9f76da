package io.handlespy.capture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Reads the machine type of a Windows executable, to pick the helper of the right bitness. */
public final class PeImage {
    private static final int MACHINE_I386 = 0x14c, MACHINE_AMD64 = 0x8664;

    private PeImage() {}

    /** The platform of the PE file at {@code exe}. */
    public static TargetPlatform platformOf(Path exe) throws CaptureException {
        try (RandomAccessFile f = new RandomAccessFile(exe.toFile(), "r")) {
            if (f.length() < 0x40 || f.readUnsignedByte() != 'M' || f.readUnsignedByte() != 'Z') {
                throw notPe(exe);
            }
            f.seek(0x3c);
            long peOffset = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt()));
            if (peOffset + 6 > f.length()) throw notPe(exe);
            f.seek(peOffset);
            if (Integer.reverseBytes(f.readInt()) != 0x00004550) throw notPe(exe);
            int machine = Short.toUnsignedInt(Short.reverseBytes(f.readShort()));
            return switch (machine) {
                case MACHINE_AMD64 -> TargetPlatform.WINDOWS_X64;
                case MACHINE_I386 -> TargetPlatform.WINDOWS_X86;
                default -> throw new CaptureException(CaptureException.Reason.UNSUPPORTED_TARGET,
                    exe + " is built for machine type 0x" + Integer.toHexString(machine)
                        + "; HandleSpy profiles x64 and x86 Windows programs");
            };
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Reason.NO_SUCH_PROCESS_OR_ACCESS_DENIED,
                "cannot read " + exe + ": " + e.getMessage(), e);
        }
    }

    private static CaptureException notPe(Path exe) {
        return new CaptureException(CaptureException.Reason.UNSUPPORTED_TARGET,
            exe + " is not a Windows executable (no PE header); drop --wine to profile a Linux program");
    }
}
