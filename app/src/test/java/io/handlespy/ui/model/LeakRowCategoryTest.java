package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.protocol.HandleCategory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leak table's filter keeps one category with a category:NAME word, alone or with other words. */
class LeakRowCategoryTest {
    private static final StackFrame USER32 = new StackFrame(0x7000, "C:\\windows\\system32\\user32.dll", 0x1000, "CreateWindowExW", null, 0);

    private static LeakRow row(String type, HandleCategory c) {
        LeakedHandle h = new LeakedHandle(0x2_0001_0020L, type, null, 1, 1, c);
        return LeakRow.of(new LeakGroup(1, 1, Map.of(type, 1), 1, 1, List.of(USER32), List.of(h)));
    }

    @Test
    void categoryWordMatchesTheCategoryExactly() {
        LeakRow window = row("Window", HandleCategory.USER), brush = row("Brush", HandleCategory.GDI),
            event = row("Event", HandleCategory.KERNEL);
        assertThat(window.matches("category:user")).isTrue();
        assertThat(brush.matches("category:user")).isFalse();
        // "user" alone is a word like any other: it occurs in user32.dll on every row here
        assertThat(event.matches("user")).isTrue();
        assertThat(event.matches("category:user")).isFalse();
        assertThat(brush.matches("Category:GDI")).isTrue();
        assertThat(brush.matches("category:gdi brush")).isTrue();
        assertThat(brush.matches("category:gdi palette")).isFalse();
        assertThat(event.matches("category:kernel")).isTrue();
    }
}
