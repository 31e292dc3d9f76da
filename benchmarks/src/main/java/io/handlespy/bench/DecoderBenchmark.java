package io.handlespy.bench;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoder throughput on an in-memory stream of one million events in a realistic
 * mix (see {@link DecoderStreams}). One operation decodes the whole stream; the
 * {@code frames} and {@code bytes} counters give frames/s and bytes/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DecoderBenchmark {
    private DecoderStreams.Stream stream;

    /** Per-second totals JMH reports next to the operation rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        public long frames;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
            bytes = 0;
        }
    }

    @Setup
    public void generate() {
        stream = DecoderStreams.realisticMix(1_000_000, 42);
    }

    @Benchmark
    public long decodeRealisticMix(Throughput t, Blackhole bh) throws IOException {
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(stream.bytes()));
        long n = 0;
        for (Frame f = d.next(); f != null; f = d.next()) {
            bh.consume(f);
            n++;
        }
        if (n != stream.frames()) throw new IllegalStateException("decoded " + n + " of " + stream.frames() + " frames");
        t.frames += n;
        t.bytes += stream.bytes().length;
        return n;
    }
}
