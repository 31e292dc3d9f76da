package io.handlespy.protocol;

import java.util.Locale;

/**
 * Kernel handle, GDI object or USER object. It follows from the type id: the
 * protocol gives GDI and USER types ranges of their own (handlespy_protocol.h,
 * HS_TYPE_GDI_FIRST..HS_TYPE_USER_LAST); every other id, Linux descriptors
 * included, is a kernel handle.
 */
public enum HandleCategory {
    KERNEL, GDI, USER;

    public static final int GDI_FIRST = 128, GDI_LAST = 159, USER_FIRST = 160, USER_LAST = 191;

    /** Windows' default per-process quota of GDI and of USER objects (registry GDIProcessHandleQuota, USERProcessHandleQuota). */
    public static final int DEFAULT_QUOTA = 10_000;

    public static HandleCategory of(int type) {
        if (type >= GDI_FIRST && type <= GDI_LAST) return GDI;
        if (type >= USER_FIRST && type <= USER_LAST) return USER;
        return KERNEL;
    }

    /** "kernel", "gdi" or "user", as the CLI and the JSON export spell it. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Kernel", "GDI" or "USER", for people. */
    public String label() {
        return this == KERNEL ? "Kernel" : name();
    }
}
