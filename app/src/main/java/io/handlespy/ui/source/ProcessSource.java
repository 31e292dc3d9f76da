package io.handlespy.ui.source;

import java.nio.file.Path;
import java.util.List;

/** Lists the processes the user can attach to. */
public interface ProcessSource {
    /** Native processes, or with {@code wine} the Windows processes running under Wine. */
    List<ProcessEntry> list(boolean wine) throws Exception;

    /**
     * As {@link #list(boolean)}, the Windows processes of the Wine prefix {@code winePrefix}
     * (null: Wine's default); a source that knows no prefixes lists its one set.
     */
    default List<ProcessEntry> list(boolean wine, Path winePrefix) throws Exception {
        return list(wine);
    }

    /** Whether a Wine process source exists on this machine. */
    boolean wineAvailable();
}
