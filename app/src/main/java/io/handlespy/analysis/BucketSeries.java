package io.handlespy.analysis;

import io.handlespy.store.CountBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored count buckets reduced to at most a given number of points over a window,
 * each point keeping the min and max of the buckets inside it; a point without a
 * bucket holds the count the previous one ended at. Shared by the total count and
 * its per-type and per-category lines, so they line up point for point.
 */
record BucketSeries(List<SeriesPoint> tracked, List<SeriesPoint> os) {

    /** {@code rows} as {@link io.handlespy.store.Recording#buckets} returns them, of bucket size {@code size}. */
    static BucketSeries reduce(List<CountBucket> rows, TimeWindow window, long size, int points) {
        long len = window.lengthNanos() + 1;
        long available = (window.toNanos() / size) - (window.fromNanos() / size) + 1;
        int n = (int) Math.max(1, Math.min(points, available));
        long width = Math.max(1, (len + n - 1) / n);
        long carry = 0;
        int i = 0;
        if (!rows.isEmpty() && rows.getFirst().startNanos() < window.fromNanos() / size * size) {
            carry = rows.getFirst().last();
            i = 1;
        }
        List<SeriesPoint> tracked = new ArrayList<>(n), os = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long start = window.fromNanos() + k * width, stop = start + width;
            long min = carry, max = carry, osMin = Long.MAX_VALUE, osMax = -1;
            boolean seen = false;
            while (i < rows.size() && (k == n - 1 || Math.max(rows.get(i).startNanos(), window.fromNanos()) < stop)) {
                CountBucket b = rows.get(i++);
                min = seen ? Math.min(min, b.min()) : b.min();
                max = seen ? Math.max(max, b.max()) : b.max();
                seen = true;
                carry = b.last();
                if (b.osMin() >= 0) {
                    osMin = Math.min(osMin, b.osMin());
                    osMax = Math.max(osMax, b.osMax());
                }
            }
            tracked.add(new SeriesPoint(start, min, max));
            if (osMax >= 0) os.add(new SeriesPoint(start, osMin, osMax));
        }
        return new BucketSeries(tracked, os);
    }

    /** The largest count of a series; 0 when empty. */
    static long peak(List<SeriesPoint> points) {
        long peak = 0;
        for (SeriesPoint p : points) peak = Math.max(peak, p.max());
        return peak;
    }

    /** Series of the same points added up: per point the sum of the mins and the sum of the maxes. */
    static List<SeriesPoint> sum(List<SeriesLine> lines) {
        List<SeriesPoint> first = lines.getFirst().points();
        List<SeriesPoint> out = new ArrayList<>(first.size());
        for (int k = 0; k < first.size(); k++) {
            long min = 0, max = 0;
            for (SeriesLine l : lines) {
                min += l.points().get(k).min();
                max += l.points().get(k).max();
            }
            out.add(new SeriesPoint(first.get(k).timeNanos(), min, max));
        }
        return out;
    }
}
