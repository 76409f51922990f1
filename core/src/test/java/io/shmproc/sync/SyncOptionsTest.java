package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {
    @Test
    void shouldRejectOutOfRangeValuesNamingThem() {
        final SyncOptions options = SyncOptions.defaults();
        final IllegalArgumentException park = assertThrows(IllegalArgumentException.class,
            () -> options.maxParkMicros(0));
        assertTrue(park.getMessage().contains("maxParkMicros=0"), park.getMessage());
        final IllegalArgumentException liveness = assertThrows(IllegalArgumentException.class,
            () -> options.livenessCheckMillis(1000));
        assertTrue(liveness.getMessage().contains("livenessCheckMillis=1000"), liveness.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options.maxWaiters(0));
        assertThrows(NullPointerException.class, () -> options.waitStrategy(null));
    }

    @Test
    void shouldDefaultToBackoffAndCopyEveryValue() {
        final SyncOptions options = SyncOptions.defaults();
        assertEquals(WaitStrategy.BACKOFF, options.waitStrategy());
        assertTrue(options.newIdleStrategy() instanceof BackoffIdleStrategy);
        options.waitStrategy(WaitStrategy.BUSY_SPIN).maxParkMicros(10).livenessCheckMillis(7).maxWaiters(3);
        final SyncOptions copy = options.copy();
        assertTrue(copy.newIdleStrategy() instanceof BusySpinIdleStrategy);
        assertEquals(10, copy.maxParkMicros());
        assertEquals(7, copy.livenessCheckMillis());
        assertEquals(3, copy.maxWaiters());
    }
}
