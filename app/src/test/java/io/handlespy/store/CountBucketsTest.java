package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CountBucketsTest {
    /**
     * Every sequence of creates, closes, OS samples and drains, at time steps from
     * within one finest bucket to past several coarsest ones, drains the same rows as
     * updating every level's bucket at every event (the plain definition below).
     */
    @Property(tries = 300)
    void coarserLevelsAreTheirChildrenCombined(@ForAll Retention retention,
            @ForAll @Size(max = 2000) List<@IntRange(min = 0, max = 99_999) Integer> ops) {
        CountBuckets buckets = new CountBuckets(retention);
        EveryLevel reference = new EveryLevel(retention);
        long t = 0, live = 0;
        for (int op : ops) {
            t += step(op % 10, op / 10, retention);
            int what = op / 1000 % 10;
            if (what == 0) {
                assertThat(rows(buckets.drain())).isEqualTo(rows(reference.drain()));
            } else if (what <= 2) {
                long os = what == 1 ? -1 : op % 500;
                buckets.sample(t, live, os);
                reference.sample(t, live, os);
            } else {
                long after = what <= 6 || live == 0 ? live + 1 : live - 1;
                buckets.change(t, live, after);
                reference.change(t, live, after);
                live = after;
            }
        }
        assertThat(rows(buckets.drain())).isEqualTo(rows(reference.drain()));
    }

    /** Mostly steps within a bucket, sometimes across one finest bucket, one of each coarser level, or far. */
    private static long step(int kind, int r, Retention retention) {
        long finest = CountBuckets.LEVELS[CountBuckets.levelsOf(retention)[0]];
        return switch (kind) {
            case 0, 1, 2, 3 -> 0;
            case 4, 5 -> r % 97 * finest / 100;
            case 6 -> finest;
            case 7 -> r % 13 * finest;
            case 8 -> r % 11 * finest * 10;
            default -> r % 7 * finest * 1000 + r % 3;
        };
    }

    /** Rows by (level, idx): a drain's rows are upserts, so their order does not matter. */
    private static Map<List<Long>, CountBuckets.Row> rows(List<CountBuckets.Row> drained) {
        Map<List<Long>, CountBuckets.Row> out = new HashMap<>();
        for (CountBuckets.Row r : drained) assertThat(out.put(List.of((long) r.level(), r.idx()), r)).isNull();
        return out;
    }

    /** Count buckets by their definition: each event updates the bucket of every level. */
    private static final class EveryLevel {
        private static final class Current {
            long idx = -1, end = Long.MIN_VALUE, min, max, last, creates, closes, osMin = -1, osMax = -1;
            boolean dirty;

            CountBuckets.Row row(int level) {
                return new CountBuckets.Row(level, idx, min, max, last, creates, closes, osMin, osMax);
            }
        }

        private final int[] levels;
        private final Current[] current;
        private final List<CountBuckets.Row> done = new ArrayList<>();

        EveryLevel(Retention retention) {
            levels = CountBuckets.levelsOf(retention);
            current = new Current[levels.length];
            for (int i = 0; i < current.length; i++) current[i] = new Current();
        }

        void change(long t, long before, long after) {
            for (int l = 0; l < current.length; l++) {
                Current c = roll(l, t, before);
                c.min = Math.min(c.min, after);
                c.max = Math.max(c.max, after);
                c.last = after;
                if (after > before) c.creates++; else c.closes++;
            }
        }

        void sample(long t, long live, long os) {
            for (int l = 0; l < current.length; l++) {
                Current c = roll(l, t, live);
                if (os >= 0) {
                    c.osMin = c.osMin < 0 ? os : Math.min(c.osMin, os);
                    c.osMax = Math.max(c.osMax, os);
                }
            }
        }

        private Current roll(int l, long t, long live) {
            Current c = current[l];
            if (t >= c.end) {
                if (c.dirty) done.add(c.row(levels[l]));
                long size = CountBuckets.LEVELS[levels[l]];
                c.idx = t / size;
                c.end = (c.idx + 1) * size;
                c.min = c.max = c.last = live;
                c.creates = c.closes = 0;
                c.osMin = c.osMax = -1;
            }
            c.dirty = true;
            return c;
        }

        List<CountBuckets.Row> drain() {
            List<CountBuckets.Row> out = new ArrayList<>(done);
            done.clear();
            for (int l = 0; l < current.length; l++) {
                if (current[l].dirty) out.add(current[l].row(levels[l]));
                current[l].dirty = false;
            }
            return out;
        }
    }
}
