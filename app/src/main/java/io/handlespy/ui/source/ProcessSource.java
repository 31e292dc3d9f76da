package io.handlespy.ui.source;

import java.util.List;

/** Lists the processes the user can attach to. */
public interface ProcessSource {
    /** Native processes, or with {@code wine} the Windows processes running under Wine. */
    List<ProcessEntry> list(boolean wine) throws Exception;

    /** Whether a Wine process source exists on this machine. */
    boolean wineAvailable();
}
