package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Every {@link ShmProcessTest} again, with a warm spare ready before each test, so that its first plain start runs
 * on a spare: pid, exit codes, join, terminate, kill, daemon and names must be those of a cold child. In the long
 * suite ({@code -Plong}): it boots a spare per test.
 */
@Tag("long")
class ShmProcessOnSparesTest extends ShmProcessTest {
    private String before;

    @BeforeEach
    void warmASpare() throws InterruptedException {
        before = System.getProperty(Spares.COUNT_PROPERTY);
        System.setProperty(Spares.COUNT_PROPERTY, "1");
        ProcessGroup.standalone().keepSpares(1, List.of());
        assertTrue(Spares.awaitReady(1, 60_000), "no spare ready within 60 s");
    }

    @AfterEach
    void stopSpares() {
        Spares.stopAll();
        if (before == null) {
            System.clearProperty(Spares.COUNT_PROPERTY);
        } else {
            System.setProperty(Spares.COUNT_PROPERTY, before);
        }
    }
}
