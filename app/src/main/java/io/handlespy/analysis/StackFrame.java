package io.handlespy.analysis;

/**
 * One symbolized frame. {@code function}, {@code file} are null and {@code line}
 * is 0 where symbols are not known; {@code module} is null for an address
 * outside every known module.
 */
public record StackFrame(long address, String module, long moduleOffset, String function, String file, int line) {

    /** module!function file:line, degrading to module+0xoffset or the raw address. */
    public String display() {
        StringBuilder s = new StringBuilder();
        String mod = module == null ? null : shortName(module);
        if (function != null) {
            if (mod != null) s.append(mod).append('!');
            s.append(function);
            if (file != null) s.append(' ').append(shortName(file)).append(line > 0 ? ":" + line : "");
        } else if (mod != null) {
            s.append(mod).append("+0x").append(Long.toHexString(moduleOffset));
        } else {
            s.append("0x").append(Long.toHexString(address));
        }
        return s.toString();
    }

    private static String shortName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i < 0 ? path : path.substring(i + 1);
    }
}
