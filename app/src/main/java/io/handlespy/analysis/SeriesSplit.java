package io.handlespy.analysis;

/**
 * How {@link Analysis#series(TimeWindow, int, SeriesSplit)} splits the count into
 * lines: per category (kernel, GDI, USER, only when the recording has GDI or USER
 * objects) or per handle type (the {@link Analysis#TOP_TYPES} largest, the rest as one line).
 */
public enum SeriesSplit {
    CATEGORY, TYPE
}
