package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserMessageTest {
    @Test
    void theHelpersNameIsNotPartOfWhatTheUserReads() {
        UserMessage m = UserMessage.of("Cannot record x (12)", new Exception(
                "handlespy-injector: cannot attach to 12: no such process\nhandlespy-injector.exe: try again"));
        assertThat(m.text()).isEqualTo("cannot attach to 12: no such process\ntry again");
        assertThat(UserMessage.of("t", new Exception("bad.mv.db is locked")).text()).isEqualTo("bad.mv.db is locked");
    }
}
