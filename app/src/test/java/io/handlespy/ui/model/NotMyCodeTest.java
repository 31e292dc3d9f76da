package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotMyCodeTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/notmine/" + System.nanoTime());

    @AfterEach
    void removePrefs() throws Exception {
        prefs.removeNode();
    }

    @Test
    void theWhereColumnSkipsListedModulesAndTheListIsKept() {
        NotMyCode notMine = new NotMyCode(prefs);
        LeakTableViewModel table = new LeakTableViewModel();
        table.use(notMine);
        table.show(Samples.report(TimeWindow.ofSeconds(0, 5), Horizon.END, Samples.fileGroup()));
        assertThat(table.rows().get(0).where()).isEqualTo("leaky!load_config config.c:42");

        notMine.add("/srv/app/leaky");
        assertThat(table.rows().get(0).where()).as("all frames skipped: the innermost non-system one, as before")
                .isEqualTo("leaky!load_config config.c:42");
        assertThat(notMine.innermostMine(Samples.fileGroup().stack()).function()).isEqualTo("load_config");
        assertThat(new NotMyCode(prefs).modules()).containsExactly("leaky");

        notMine.remove("leaky");
        assertThat(new NotMyCode(prefs).modules()).isEmpty();
    }

    @Test
    void aListedModuleBetweenTheHookAndTheUsersCodeIsSkipped() {
        NotMyCode notMine = new NotMyCode(prefs);
        LeakTableViewModel table = new LeakTableViewModel(true);
        table.use(notMine);
        table.show(Samples.report(TimeWindow.ofSeconds(0, 5), Horizon.END, Samples.vendorGroup()));
        assertThat(table.rows().get(0).where()).isEqualTo("vendor.dll!Pool::grab pool.cpp:9");
        notMine.add("VENDOR.DLL");
        assertThat(table.rows().get(0).where()).isEqualTo("service.exe!Worker::poll worker.cpp:118");
        assertThat(notMine.modules()).containsExactly("VENDOR.DLL");
        notMine.add("vendor.dll");
        assertThat(notMine.modules()).as("no duplicates").hasSize(1);
    }
}
