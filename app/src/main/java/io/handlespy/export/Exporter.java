package io.handlespy.export;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a leak report in one format. Implementations are stateless; the caller owns {@code out}. */
public interface Exporter {
    /**
     * Writes {@code input} to {@code out} (UTF-8), reporting each group written to
     * {@code progress} and checking for cancellation between groups.
     *
     * @throws ExportCancelledException cancelled: what was written is incomplete and should be discarded
     */
    void write(ExportInput input, OutputStream out, ExportProgress progress) throws IOException;
}
