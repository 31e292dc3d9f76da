package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.ui.model.Placement.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private final Rect screen = new Rect(0, 0, 1600, 1000);

    @Test
    void aDialogIsCentredOnAMaximizedOwnerAtItsPreferredSize() {
        Rect d = Placement.dialog(screen, screen, 600, 300);
        assertThat(d).isEqualTo(new Rect(500, 350, 600, 300));
    }

    @Test
    void aDialogNeverLeavesTheScreenNorOutgrowsIt() {
        Rect ownerAtTheEdge = new Rect(1300, 800, 600, 400);
        Rect d = Placement.dialog(ownerAtTheEdge, screen, 980, 560);
        assertThat(screen.contains(d)).isTrue();
        assertThat(d.right()).isEqualTo(1600);
        assertThat(d.bottom()).isEqualTo(1000);
        Rect huge = Placement.dialog(screen, screen, 3000, 2000);
        assertThat(huge).isEqualTo(new Rect(24, 24, 1552, 952));
    }

    @Test
    void theFirstMainWindowCoversMostOfTheScreen() {
        assertThat(Placement.firstWindow(new Rect(0, 38, 1600, 962))).isEqualTo(new Rect(120, 110, 1360, 818));
    }

    @Test
    void aSavedWindowComesBackUnlessItsTitleBarIsOffEveryScreen() {
        List<Rect> screens = List.of(screen, new Rect(1600, 0, 1280, 1024));
        assertThat(Placement.restored(new Rect(1700, 100, 1000, 700), screens)).contains(new Rect(1700, 100, 1000, 700));
        assertThat(Placement.restored(new Rect(2900, 100, 1000, 700), screens)).isEmpty();
        assertThat(Placement.restored(new Rect(100, -600, 1000, 700), screens)).isEmpty();
        assertThat(Placement.restored(new Rect(1400, 500, 2000, 900), List.of(screen)))
                .contains(new Rect(0, 100, 1600, 900));
    }
}
