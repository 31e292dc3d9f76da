package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import java.io.IOException;
import java.util.List;

/** Walks a report's groups, checking for cancellation before each and reporting after each. */
final class Groups {
    @FunctionalInterface
    interface GroupWriter {
        /** {@code number} counts from 1, as the reports show it. */
        void write(int number, LeakGroup group) throws IOException;
    }

    private Groups() {}

    static void forEach(List<LeakGroup> groups, ExportProgress progress, GroupWriter writer) throws IOException {
        int total = groups.size();
        for (int i = 0; i < total; i++) {
            if (progress.isCancelled()) throw new ExportCancelledException(i, total);
            writer.write(i + 1, groups.get(i));
            progress.listener().groupsWritten(i + 1, total);
        }
    }
}
