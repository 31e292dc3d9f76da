package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a {@code --retain open} writer runs, H2 may write over a chunk one second
 * after it was written (the writer forces each commit to the disk); the file gets
 * H2's default of 45 s back when the writer ends. A full recording never changes it.
 */
class ChunkReuseTest {
    private static final long S = 1_000_000_000L;

    @TempDir Path dir;

    @Test
    void aWriterKeepingOnlyOpenLifetimesShortensTheReuseDelayWhileItWritesAndRestoresItAtTheEnd() throws Exception {
        assertThat(reuseDelays(Retention.OPEN)).containsExactly("1000", "45000", "45000");
    }

    @Test
    void aFullWriterLeavesTheReuseDelayAtH2sDefault() throws Exception {
        assertThat(reuseDelays(Retention.FULL)).containsExactly("45000", "45000", "45000");
    }

    /** RETENTION_TIME while the writer writes, after it finished, and after the file was closed and reopened. */
    private String[] reuseDelays(Retention retention) throws Exception {
        Path file = dir.resolve(retention.cliName());
        String[] seen = new String[3];
        try (Recording r = Recording.create(file, retention)) {
            RecordingWriter w = r.startWriting();
            Iterator<Frame> frames = new SyntheticAgent(SyntheticConfig.demo(3).withDuration(S)).frames();
            for (int i = 0; i < 1000 && frames.hasNext(); i++) w.accept(frames.next());
            seen[0] = reuseDelay(r.file());
            while (frames.hasNext()) w.accept(frames.next());
            w.finish("test");
            seen[1] = reuseDelay(r.file());
        }
        seen[2] = reuseDelay(Recording.normalize(file));
        return seen;
    }

    private static String reuseDelay(Path file) throws SQLException {
        String s = file.toString();
        String url = "jdbc:h2:file:" + s.substring(0, s.length() - Recording.SUFFIX.length())
            + ";DB_CLOSE_ON_EXIT=FALSE;IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                 "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
