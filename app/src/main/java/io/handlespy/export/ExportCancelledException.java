package io.handlespy.export;

import java.io.IOException;

/** The export was cancelled through its {@link ExportProgress}; the output is incomplete. */
public final class ExportCancelledException extends IOException {
    public ExportCancelledException(int groupsWritten, int groupsTotal) {
        super("export cancelled after " + groupsWritten + " of " + groupsTotal + " groups");
    }
}
