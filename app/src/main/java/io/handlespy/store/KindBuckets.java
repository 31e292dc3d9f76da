package io.handlespy.store;

import io.handlespy.protocol.HandleCategory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The count buckets of {@link CountBuckets}, kept once per handle type and once per
 * category (kernel, GDI, USER), so the chart can split its count line without
 * reading lifetimes. The GDI and USER category buckets also carry the counts
 * Windows reports for them (GetGuiResources) as their OS min/max.
 */
final class KindBuckets {
    /** A bucket row of one kind: {@code family} {@link #TYPE} with a type id, or {@link #CATEGORY} with a category ordinal. */
    record Row(int family, int kind, CountBuckets.Row bucket) {}

    static final int TYPE = 1;
    static final int CATEGORY = 2;

    private static final class Kind {
        final CountBuckets buckets;
        long live;

        Kind(CountBuckets buckets) { this.buckets = buckets; }
    }

    /** Makes each kind's buckets, at the same sizes as the total's. */
    private final Supplier<CountBuckets> newBuckets;

    KindBuckets(Supplier<CountBuckets> newBuckets) {
        this.newBuckets = newBuckets;
    }

    /** By type id: ids are small (well-known ids, 256+ discovered, 1024+ snapshot), so an array serves every event. */
    private Kind[] byType = new Kind[256];
    /** Types in the order first seen, to drain. */
    private final List<Kind> types = new ArrayList<>();
    private final List<Integer> typeIds = new ArrayList<>();
    /** Type ids beyond {@link #ARRAY_TYPES}, should the protocol ever send one. */
    private final Map<Integer, Kind> otherTypes = new HashMap<>();
    private static final int ARRAY_TYPES = 1 << 16;
    private final Kind[] categories = new Kind[HandleCategory.values().length];
    private final List<int[]> newKinds = new ArrayList<>();

    /** A handle of {@code type} was created ({@code delta} 1) or closed (-1) at {@code t} (t never decreases). */
    void change(long t, int type, int delta) {
        change(t, type(type), delta);
        change(t, category(HandleCategory.of(type)), delta);
    }

    private static void change(long t, Kind k, int delta) {
        long before = k.live;
        k.live += delta;
        k.buckets.change(t, before, k.live);
    }

    /** OS-reported GDI and USER counts at {@code t}; negative when Windows gave none. */
    void sample(long t, long gdi, long user) {
        if (gdi >= 0) category(HandleCategory.GDI).buckets.sample(t, category(HandleCategory.GDI).live, gdi);
        if (user >= 0) category(HandleCategory.USER).buckets.sample(t, category(HandleCategory.USER).live, user);
    }

    private Kind type(int type) {
        if (type >= 0 && type < ARRAY_TYPES) {
            if (type >= byType.length) byType = Arrays.copyOf(byType, Math.min(ARRAY_TYPES, Math.max(type + 1, byType.length * 2)));
            Kind k = byType[type];
            if (k == null) byType[type] = k = kind(TYPE, type);
            return k;
        }
        Kind k = otherTypes.get(type);
        if (k == null) otherTypes.put(type, k = kind(TYPE, type));
        return k;
    }

    private Kind category(HandleCategory c) {
        Kind k = categories[c.ordinal()];
        return k != null ? k : kind(CATEGORY, c.ordinal());
    }

    private Kind kind(int family, int id) {
        Kind k = new Kind(newBuckets.get());
        if (family == TYPE) {
            types.add(k);
            typeIds.add(id);
        } else {
            categories[id] = k;
        }
        newKinds.add(new int[] {family, id});
        return k;
    }

    /** Kinds seen for the first time since the last call, as {family, kind}. */
    List<int[]> drainNewKinds() {
        List<int[]> out = List.copyOf(newKinds);
        newKinds.clear();
        return out;
    }

    /** Buckets finished or changed since the last call, of every kind. */
    List<Row> drain() {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            for (CountBuckets.Row b : types.get(i).buckets.drain()) out.add(new Row(TYPE, typeIds.get(i), b));
        }
        for (int c = 0; c < categories.length; c++) {
            if (categories[c] == null) continue;
            for (CountBuckets.Row b : categories[c].buckets.drain()) out.add(new Row(CATEGORY, c, b));
        }
        return out;
    }
}
