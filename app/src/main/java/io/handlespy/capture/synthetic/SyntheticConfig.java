package io.handlespy.capture.synthetic;

import java.util.List;

/**
 * What the synthetic agent generates. Times are nanoseconds of simulated time
 * since the recording started.
 *
 * @param seed              the random seed: same config, same stream, byte for byte
 * @param durationNanos     simulated length of the recording (GOODBYE comes at this time)
 * @param createsPerSecond  churn rate: creates of short- and medium-lived handles
 * @param threads           how many target threads create and close handles
 * @param bursts            leaks of many handles at a known time from one named stack
 * @param steadyLeaks       slow leaks, one handle every 1/perSecond seconds, for growth ranking
 * @param snapshotHandles   handles open before the recording (stdin/stdout/stderr included)
 * @param snapshotsClosed   how many of those are closed during the recording
 * @param unmatchedCloses   closes of values the agent never reported open
 * @param droppedEvents     a DROPPED frame with this count at mid-recording (0 = none)
 * @param osCountAvailable  false makes every SAMPLE report "unavailable", as under Wine
 * @param missedCloseRate   fraction of churn creates that reuse a value whose close the agent missed
 */
public record SyntheticConfig(long seed, long durationNanos, double createsPerSecond, int threads,
                              List<Burst> bursts, List<SteadyLeak> steadyLeaks, int snapshotHandles,
                              int snapshotsClosed, int unmatchedCloses, long droppedEvents,
                              boolean osCountAvailable, double missedCloseRate) {

    /** {@code count} handles created from the stack named {@code function}, starting at {@code atNanos}, 100 µs apart, never closed. */
    public record Burst(String function, long atNanos, int count) {}

    /** One never-closed handle from the stack named {@code function} every {@code 1/perSecond} seconds. */
    public record SteadyLeak(String function, double perSecond) {}

    public SyntheticConfig {
        bursts = List.copyOf(bursts);
        steadyLeaks = List.copyOf(steadyLeaks);
        if (snapshotsClosed > snapshotHandles) throw new IllegalArgumentException("cannot close more snapshot handles than exist");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    }

    /** A realistic ten-second demo: churn at 20,000 creates/s on 4 threads, one burst leak, two slow leaks. */
    public static SyntheticConfig demo(long seed) {
        return new SyntheticConfig(seed, 10_000_000_000L, 20_000, 4,
            List.of(new Burst(SyntheticModules.BURST_LEAK, 4_000_000_000L, 250)),
            List.of(new SteadyLeak(SyntheticModules.POOL_LEAK, 20), new SteadyLeak(SyntheticModules.LOG_LEAK, 5)),
            8, 2, 3, 0, true, 0.0005);
    }

    /**
     * A long-running service for retention benchmarks: {@code days} of simulated time
     * (compressed: generated as fast as it can be ingested) at about
     * {@code eventsPerSecond} CREATE/CLOSE/DUPLICATE events per simulated second on
     * 8 threads, one 250-handle burst leak after a third of the span, a pool leaking one
     * handle a minute and a log leaking one an hour (a week: 10,498 leaks, well under
     * the descriptor limit a real service would hit).
     */
    public static SyntheticConfig service(long seed, double days, double eventsPerSecond) {
        long span = Math.round(days * 86_400e9);
        return new SyntheticConfig(seed, span, eventsPerSecond / 2, 8,
            List.of(new Burst(SyntheticModules.BURST_LEAK, span / 3, 250)),
            List.of(new SteadyLeak(SyntheticModules.POOL_LEAK, 1 / 60.0), new SteadyLeak(SyntheticModules.LOG_LEAK, 1 / 3600.0)),
            8, 2, 3, 0, true, 0.0005);
    }

    public SyntheticConfig withDuration(long nanos) {
        return new SyntheticConfig(seed, nanos, createsPerSecond, threads, bursts, steadyLeaks, snapshotHandles,
            snapshotsClosed, unmatchedCloses, droppedEvents, osCountAvailable, missedCloseRate);
    }

    public SyntheticConfig withRate(double perSecond) {
        return new SyntheticConfig(seed, durationNanos, perSecond, threads, bursts, steadyLeaks, snapshotHandles,
            snapshotsClosed, unmatchedCloses, droppedEvents, osCountAvailable, missedCloseRate);
    }

    public SyntheticConfig withBursts(List<Burst> b) {
        return new SyntheticConfig(seed, durationNanos, createsPerSecond, threads, b, steadyLeaks, snapshotHandles,
            snapshotsClosed, unmatchedCloses, droppedEvents, osCountAvailable, missedCloseRate);
    }

    public SyntheticConfig withSteadyLeaks(List<SteadyLeak> s) {
        return new SyntheticConfig(seed, durationNanos, createsPerSecond, threads, bursts, s, snapshotHandles,
            snapshotsClosed, unmatchedCloses, droppedEvents, osCountAvailable, missedCloseRate);
    }

    public SyntheticConfig withDropped(long count) {
        return new SyntheticConfig(seed, durationNanos, createsPerSecond, threads, bursts, steadyLeaks, snapshotHandles,
            snapshotsClosed, unmatchedCloses, count, osCountAvailable, missedCloseRate);
    }

    public SyntheticConfig withOsCountAvailable(boolean available) {
        return new SyntheticConfig(seed, durationNanos, createsPerSecond, threads, bursts, steadyLeaks, snapshotHandles,
            snapshotsClosed, unmatchedCloses, droppedEvents, available, missedCloseRate);
    }
}
