package io.handlespy.bench;

import io.handlespy.store.Recording;
import io.handlespy.store.RecordingInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes on disk per lifetime of the 10-million-lifetime recording (the one
 * {@link QueryBenchmark} reads): whole file, and the file minus the stacks table
 * (H2's own per-table size estimate). The timed part counts the lifetimes (it
 * decodes them all); the figures are the auxiliary counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class DiskBenchmark {
    Path file;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public double bytesPerLifetime;
        public double bytesPerLifetimeWithoutStacks;
        public double lifetimesMillions;
    }

    @Setup(Level.Trial)
    public void build() throws Exception {
        file = BenchRecordings.ensure("bench-10M", BenchRecordings.config(200));
    }

    @Benchmark
    public RecordingInfo footprint(Footprint out) throws Exception {
        long size = Files.size(file);
        RecordingInfo info;
        long lifetimes;
        try (Recording r = Recording.openReadOnly(file)) {
            info = r.info();
            long[] n = new long[1];
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, l -> n[0]++);
            lifetimes = n[0];
        }
        long stacks;
        String base = file.toAbsolutePath().toString().replace(Recording.SUFFIX, "");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISK_SPACE_USED('STACKS')")) {
            rs.next();
            stacks = rs.getLong(1);
        }
        out.lifetimesMillions = lifetimes / 1e6;
        out.bytesPerLifetime = (double) size / lifetimes;
        out.bytesPerLifetimeWithoutStacks = (double) (size - stacks) / lifetimes;
        return info;
    }
}
