package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The {@link Event} contract, run against every backend. */
abstract class EventContract extends ContractBase {
    @Test
    void shouldWakeAWaiterOfTheOtherContext() throws Exception {
        final String name = name("event");
        final Event mine = mp().event(name);
        final Event theirs = other().event(name);
        assertFalse(theirs.isSet());
        assertFalse(theirs.await(Duration.ofMillis(100)));
        final AtomicBoolean woken = new AtomicBoolean();
        final Thread t = new Thread(() -> {
            try {
                woken.set(theirs.await(Duration.ofSeconds(10)));
            } catch (final InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        Thread.sleep(100);
        mine.set();
        t.join(15_000);
        assertTrue(woken.get());
        assertTrue(theirs.isSet());
        assertTrue(theirs.await(Duration.ZERO), "a set event does not wait");
        theirs.clear();
        assertFalse(mine.isSet());
    }
}
