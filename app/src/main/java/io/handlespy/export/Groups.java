package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import java.io.IOException;
import java.util.List;

/** Walks a report's groups, checking for cancellation before each and reporting after each. */
final class Groups {
    @FunctionalInterface
    interface GroupWriter {
        void write(LeakGroup group) throws IOException;
    }

    private Groups() {}

    static void forEach(List<LeakGroup> groups, ExportProgress progress, GroupWriter writer) throws IOException {
        int total = groups.size();
        for (int i = 0; i < total; i++) {
            if (progress.isCancelled()) throw new ExportCancelledException(i, total);
            writer.write(groups.get(i));
            progress.listener().groupsWritten(i + 1, total);
        }
    }
}
