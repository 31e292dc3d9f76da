package io.handlespy.store;

/** How {@link Recording#kindBuckets} splits the count: per handle type id, or per category ordinal. */
public enum BucketKind {
    TYPE(KindBuckets.TYPE), CATEGORY(KindBuckets.CATEGORY);

    final int family;

    BucketKind(int family) { this.family = family; }
}
