package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Barrier#reset()} against waiters: a barrier of three parties with only two waiters never trips, so every
 * wait must end with {@link BrokenBarrierException}; a waiter that returns normally read the state half-updated.
 */
@CrossProcessTest
class BarrierResetStressTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void everyWaiterOfAResetGenerationShouldGetBrokenBarrierException() throws Exception {
        // scaled to stay near 10 s on a loaded 2-core machine (busy-spin waiters are slow to cycle there)
        assertNoNormalReturn(1_000, SyncOptions.defaults());
        assertNoNormalReturn(50, SyncOptions.defaults().waitStrategy(WaitStrategy.BUSY_SPIN));
    }

    @Test
    @Tag("long")
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void everyWaiterOfFiveThousandResetsShouldGetBrokenBarrierException() throws Exception {
        assertNoNormalReturn(5_000, SyncOptions.defaults());
        assertNoNormalReturn(5_000, SyncOptions.defaults().waitStrategy(WaitStrategy.BUSY_SPIN));
    }

    private void assertNoNormalReturn(final int resets, final SyncOptions options) throws Exception {
        final Path file = dir.resolve("b-" + options.waitStrategy() + "-" + resets);
        final AtomicInteger normal = new AtomicInteger();
        final AtomicInteger broken = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        try (Barrier barrier = Barrier.create(file, 3, null, options)) {
            final Thread[] waiters = new Thread[2];
            for (int t = 0; t < waiters.length; t++) {
                waiters[t] = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            barrier.await();
                            normal.incrementAndGet();
                        } catch (final BrokenBarrierException e) {
                            broken.incrementAndGet();
                        } catch (final Exception e) {
                            other.incrementAndGet();
                        }
                    }
                });
                waiters[t].start();
            }
            for (int r = 0; r < resets; r++) {
                while (barrier.getNumberWaiting() < 2) {
                    Thread.onSpinWait();
                }
                barrier.reset();
            }
            stop.set(true);
            while (waiters[0].isAlive() || waiters[1].isAlive()) {
                barrier.reset();
                waiters[0].join(1);
                waiters[1].join(1);
            }
        }
        assertEquals(0, normal.get(), "waits that returned normally from a barrier that can never trip ("
            + broken.get() + " broken, " + options.waitStrategy() + ")");
        assertEquals(0, other.get());
    }
}
