package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.CrossProcessTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Liveness of a process named by pid and start time, across real processes, before and after it is cached. */
@CrossProcessTest
class ProcessIdentityTest {
    @Test
    void shouldSeeAProcessDieAfterItWasFoundAlive() throws Exception {
        final Process process = new ProcessBuilder("sleep", "60").start();
        try {
            final ProcessIdentity identity = ProcessIdentity.of(process.toHandle());
            assertTrue(identity.isAlive(), "first check");
            assertTrue(identity.isAlive(), "second check, from the verified handle");
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertFalse(identity.isAlive(), "after SIGKILL");
            assertFalse(identity.isAlive(), "once more");
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldNotTakeAnotherStartTimeOfTheSamePidForTheSameProcess() throws Exception {
        final Process process = new ProcessBuilder("sleep", "60").start();
        try {
            final ProcessIdentity real = ProcessIdentity.of(process.toHandle());
            assertTrue(real.isAlive());
            final ProcessIdentity reused = new ProcessIdentity(real.pid(), real.startMillis() - 10_000);
            assertFalse(reused.isAlive(), "a process of that pid started at another time");
            assertTrue(real.isAlive(), "the real one is still alive");
            assertEquals(real, ProcessIdentity.of(process.toHandle()));
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldKnowItself() {
        assertTrue(ProcessIdentity.current().isAlive());
        assertTrue(ProcessIdentity.current().isAlive());
    }

    @Test
    void shouldBeEqualExactlyWhenPidAndStartTimeAre() {
        final ProcessIdentity one = new ProcessIdentity(42, 1_000);

        assertEquals(new ProcessIdentity(42, 1_000), one);
        assertEquals(new ProcessIdentity(42, 1_000).hashCode(), one.hashCode());
        assertNotEquals(new ProcessIdentity(42, 1_001), one);
        assertNotEquals(new ProcessIdentity(43, 1_000), one);
        assertNotEquals(one, null);
        assertNotEquals("pid 42", one);
    }
}
