package io.handlespy.bench;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * Decoder throughput on an in-memory stream from the synthetic agent: its
 * ten-second demo (churn on 4 threads, a burst leak, slow leaks, snapshots, OS
 * samples every 100 ms) at 50,000 creates/s, about a million frames. One
 * operation decodes the whole stream; the {@code frames} and {@code bytes}
 * counters give frames/s and bytes/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DecoderBenchmark {
    private byte[] stream;
    private long frames;

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
    public void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        new SyntheticAgent(SyntheticConfig.demo(42).withRate(50_000)).writeTo(out);
        stream = out.toByteArray();
        frames = decodeAll(null);
        System.out.printf("%nstream: %,d frames, %,d bytes%n", frames, stream.length);
    }

    private long decodeAll(Blackhole bh) throws IOException {
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(stream));
        long n = 0;
        for (Frame f = d.next(); f != null; f = d.next()) {
            if (bh != null) bh.consume(f);
            n++;
        }
        return n;
    }

    @Benchmark
    public long decodeSyntheticStream(Throughput t, Blackhole bh) throws IOException {
        long n = decodeAll(bh);
        if (n != frames) throw new IllegalStateException("decoded " + n + " of " + frames + " frames");
        t.frames += n;
        t.bytes += stream.length;
        return n;
    }
}
