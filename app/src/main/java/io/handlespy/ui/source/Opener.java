package io.handlespy.ui.source;

import java.nio.file.Path;

/** Opens a file or folder with the desktop's own handler (file manager, editor). */
@FunctionalInterface
public interface Opener {
    /** Returns once the handler has taken it; throws with a message the user can act on when none could. */
    void open(Path path) throws Exception;
}
