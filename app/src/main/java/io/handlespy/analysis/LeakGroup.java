package io.handlespy.analysis;

import io.handlespy.protocol.HandleCategory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Leaked handles sharing one create stack. {@code stack} is innermost frame first. */
public record LeakGroup(int stackId, int count, Map<String, Integer> types, long firstCreatedNanos,
                        long lastCreatedNanos, List<StackFrame> stack, List<LeakedHandle> handles) {
    public LeakGroup {
        types = Map.copyOf(types);
        stack = List.copyOf(stack);
        handles = List.copyOf(handles);
    }

    /** The category of the group's handles: one create stack calls one API, so they share it. */
    public HandleCategory category() {
        return handles.isEmpty() ? HandleCategory.KERNEL : handles.getFirst().category();
    }

    /** The process of the group's handles in a followed tree (each stack belongs to one process), else 0. */
    public long pid() {
        return handles.isEmpty() ? 0 : handles.getFirst().pid();
    }

    /** This group with only the handles process {@code pid} created; empty when it has none. */
    public Optional<LeakGroup> ofProcess(long pid) {
        return subset(handles.stream().filter(h -> h.pid() == pid).toList());
    }

    /** This group with only its handles of {@code c}; empty when it has none. */
    public Optional<LeakGroup> only(HandleCategory c) {
        return subset(handles.stream().filter(h -> h.category() == c).toList());
    }

    private Optional<LeakGroup> subset(List<LeakedHandle> kept) {
        if (kept.isEmpty()) return Optional.empty();
        if (kept.size() == handles.size()) return Optional.of(this);
        Map<String, Integer> t = new TreeMap<>();
        kept.forEach(h -> t.merge(h.type(), 1, Integer::sum));
        long first = kept.stream().mapToLong(LeakedHandle::createdAtNanos).min().orElseThrow();
        long last = kept.stream().mapToLong(LeakedHandle::createdAtNanos).max().orElseThrow();
        return Optional.of(new LeakGroup(stackId, kept.size(), t, first, last, stack, kept));
    }
}
