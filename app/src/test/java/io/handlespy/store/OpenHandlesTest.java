package io.handlespy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class OpenHandlesTest {
    /** Every sequence of puts and removes leaves the map agreeing with java.util.HashMap. */
    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll @Size(max = 3000) List<@IntRange(min = -50, max = 5000) Integer> ops) {
        OpenHandles map = new OpenHandles();
        Map<Long, Ingest.Open> reference = new HashMap<>();
        for (int op : ops) {
            long key = Math.abs(op) % 700 * 4L;
            if (op % 3 == 0) {
                assertThat(map.remove(key)).isSameAs(reference.remove(key));
            } else {
                Ingest.Open o = new Ingest.Open(key, op, 0, 0, 0, 0, false, "");
                assertThat(map.put(key, o)).isSameAs(reference.put(key, o));
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (long k = 0; k < 2800; k += 4) assertThat(map.get(k)).isSameAs(reference.get(k));
    }
}
