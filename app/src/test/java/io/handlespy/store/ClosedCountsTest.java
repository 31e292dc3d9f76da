package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ClosedCountsTest {
    static final long S = 1_000_000_000L;

    /**
     * Every sequence of closes and drains, over enough stacks, types and hours to
     * make the pending table grow, drains the sums a map keyed by bucket, stack and
     * type adds up.
     */
    @Property(tries = 200)
    void drainsWhatAMapOfBucketsAddsUp(@ForAll @Size(max = 4000) List<@IntRange(min = 0, max = 999_999) Integer> ops) {
        ClosedCounts counts = new ClosedCounts();
        Map<ClosedCounts.Key, ClosedCounts.Row> reference = new HashMap<>();
        long now = 0;
        for (int op : ops) {
            if (op % 400 == 0) {
                assertThat(rows(counts.drain())).isEqualTo(reference);
                reference.clear();
                continue;
            }
            now += op % 7 * S / 3 + op % 3 * ClosedCounts.FINE_KEPT / 2;
            int stack = op % 40, type = 64 + op / 40 % 3;
            long create = Math.max(0, now - op / 120 % 5000 * S), close = create + op % 11 * S / 7;
            counts.add(stack, type, create, close, now);
            long d = close - create;
            if (create >= ClosedCounts.fineCutoff(now)) {
                add(reference, new ClosedCounts.Key(ClosedCounts.FINE, create / S * S, stack, type), d);
            }
            add(reference, new ClosedCounts.Key(ClosedCounts.COARSE, create / ClosedCounts.COARSE * ClosedCounts.COARSE,
                stack, type), d);
        }
        assertThat(rows(counts.drain())).isEqualTo(reference);
    }

    private static void add(Map<ClosedCounts.Key, ClosedCounts.Row> m, ClosedCounts.Key k, long d) {
        ClosedCounts.Row r = m.getOrDefault(k, new ClosedCounts.Row(k, 0, 0, 0));
        m.put(k, new ClosedCounts.Row(k, r.count() + 1, r.durationSumSeconds() + d / 1e9, Math.max(r.durationMaxNanos(), d)));
    }

    private static Map<ClosedCounts.Key, ClosedCounts.Row> rows(List<ClosedCounts.Row> drained) {
        Map<ClosedCounts.Key, ClosedCounts.Row> out = new HashMap<>();
        for (ClosedCounts.Row r : drained) assertThat(out.put(r.key(), r)).isNull();
        return out;
    }
}
