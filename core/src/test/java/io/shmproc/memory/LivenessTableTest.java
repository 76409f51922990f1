package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class LivenessTableTest {
    private final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());

    @AfterEach
    void removeDirectory() {
        SharedDirectory.deleteTree(dir.path());
    }

    @Test
    void shouldSeeAnotherProcessAliveUntilItIsKilled() {
        final LivenessTable table = LivenessTable.forDirectory(dir.path());
        try (ChildJvm child = ChildJvm.start(LivenessChild.class, dir.path().toString())) {
            final int token = Integer.parseInt(child.awaitLine(l -> l.startsWith("token "), Duration.ofSeconds(30))
                .substring("token ".length()));
            assertNotEquals(table.selfToken(), token);
            assertTrue(table.isAlive(token));
            assertEquals(child.pid(), table.pidOf(token));
            child.kill();
            assertFalse(table.isAlive(token));
        }
    }

    @Test
    void shouldReturnOneTablePerDirectoryAndKnowItselfAlive() {
        final LivenessTable table = LivenessTable.forDirectory(dir.path());
        assertSame(table, LivenessTable.forDirectory(dir.path().resolve(".").toAbsolutePath()));
        assertTrue(table.isAlive(table.selfToken()));
        assertEquals(ProcessHandle.current().pid(), table.pidOf(table.selfToken()));
        assertFalse(table.isAlive(LivenessTable.NO_TOKEN));
    }

    @Test
    void shouldTreatTokenOfEarlierGenerationOfASlotAsDead() {
        final LivenessTable table = LivenessTable.forDirectory(dir.path());
        final int self = table.selfToken();
        final int earlier = LivenessTable.tokenOf(table.slot(), (self & 0xFFFF) - 1);
        assertFalse(table.isAlive(earlier), "a reused slot must not make its previous owner look alive");
        assertEquals(-1, table.pidOf(earlier));
        assertFalse(table.isAlive(LivenessTable.tokenOf(LivenessTableLayout.SLOT_COUNT + 5, 1)));
    }
}
