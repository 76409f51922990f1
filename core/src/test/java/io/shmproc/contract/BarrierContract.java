package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.Barrier;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The {@link Barrier} contract, run against every backend. */
abstract class BarrierContract extends ContractBase {
    @Test
    void shouldReleaseAllPartiesWithDistinctIndexes() throws Exception {
        final String name = name("barrier");
        final Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        final Thread[] threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            final Barrier barrier = (i == 0 ? mp() : other()).barrier(name, 3);
            threads[i] = new Thread(() -> {
                try {
                    indexes.add(barrier.await(Duration.ofSeconds(10)));
                } catch (final Exception e) {
                    throw new AssertionError(e);
                }
            });
            threads[i].start();
        }
        for (final Thread t : threads) {
            t.join(15_000);
        }
        assertEquals(Set.of(0, 1, 2), indexes);
    }

    @Test
    void shouldBreakForEveryoneOnATimeout() throws Exception {
        final String name = name("barrier");
        final Barrier mine = mp().barrier(name, 3);
        final Exception[] seen = new Exception[1];
        final Thread t = new Thread(() -> {
            try {
                other().barrier(name, 3).await(Duration.ofSeconds(10));
            } catch (final Exception e) {
                seen[0] = e;
            }
        });
        t.start();
        assertThrows(TimeoutException.class, () -> mine.await(Duration.ofMillis(300)));
        t.join(15_000);
        assertTrue(seen[0] instanceof BrokenBarrierException, "the other party saw " + seen[0]);
        assertTrue(mine.isBroken());
        mine.reset();
        assertEquals(3, mine.getParties());
    }
}
