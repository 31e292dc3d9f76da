package io.handlespy.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.HandleCategory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The category follows from the type id; a report filtered to one category keeps only its handles. */
class HandleCategoryTest {

    @Test
    void categoryFollowsFromTheTypeRange() {
        assertThat(HandleCategory.of(0)).isEqualTo(HandleCategory.KERNEL);
        assertThat(HandleCategory.of(2)).isEqualTo(HandleCategory.KERNEL);      // Event
        assertThat(HandleCategory.of(64)).isEqualTo(HandleCategory.KERNEL);     // Linux file descriptor
        assertThat(HandleCategory.of(127)).isEqualTo(HandleCategory.KERNEL);
        assertThat(HandleCategory.of(128)).isEqualTo(HandleCategory.GDI);       // DC
        assertThat(HandleCategory.of(159)).isEqualTo(HandleCategory.GDI);
        assertThat(HandleCategory.of(160)).isEqualTo(HandleCategory.USER);      // Window
        assertThat(HandleCategory.of(191)).isEqualTo(HandleCategory.USER);
        assertThat(HandleCategory.of(192)).isEqualTo(HandleCategory.KERNEL);
        assertThat(HandleCategory.of(256)).isEqualTo(HandleCategory.KERNEL);    // dynamic kernel type
        assertThat(HandleCategory.GDI.cliName()).isEqualTo("gdi");
    }

    @Test
    void onlyKeepsTheGroupsAndHandlesOfOneCategoryLargestFirst() {
        LeakedHandle event = new LeakedHandle(0x1a4, "Event", null, 10, 1);
        LeakedHandle brush1 = new LeakedHandle(0x1_0000_0010L, "Brush", null, 20, 1, HandleCategory.GDI);
        LeakedHandle brush2 = new LeakedHandle(0x1_0000_0020L, "Brush", null, 30, 1, HandleCategory.GDI);
        LeakedHandle window = new LeakedHandle(0x2_0001_0020L, "Window", null, 40, 1, HandleCategory.USER);
        LeakGroup kernel = new LeakGroup(1, 1, Map.of("Event", 1), 10, 10, List.of(), List.of(event));
        LeakGroup gdi = new LeakGroup(2, 2, Map.of("Brush", 2), 20, 30, List.of(), List.of(brush1, brush2));
        LeakGroup mixed = new LeakGroup(3, 2, Map.of("Brush", 1, "Window", 1), 20, 40, List.of(), List.of(brush1, window));
        LeakReport all = new LeakReport(new TimeWindow(0, 100), Horizon.END, 100, 4, List.of(kernel, gdi, mixed));

        LeakReport onlyGdi = all.only(HandleCategory.GDI);
        assertThat(onlyGdi.groups()).extracting(LeakGroup::stackId).containsExactly(2, 3);
        assertThat(onlyGdi.totalLeaked()).isEqualTo(3);
        LeakGroup trimmed = onlyGdi.groups().get(1);
        assertThat(trimmed.types()).containsExactly(Map.entry("Brush", 1));
        assertThat(trimmed.firstCreatedNanos()).isEqualTo(20);
        assertThat(trimmed.lastCreatedNanos()).isEqualTo(20);
        assertThat(onlyGdi.openBeforeRecording()).isEqualTo(4);
        assertThat(all.only(HandleCategory.USER).groups()).singleElement()
            .satisfies(g -> assertThat(g.handles()).containsExactly(window));
        assertThat(all.only(HandleCategory.KERNEL).groups()).singleElement()
            .satisfies(g -> assertThat(g.category()).isEqualTo(HandleCategory.KERNEL));
    }
}
