package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.state.SharedDouble;
import io.shmproc.state.SharedInt;
import io.shmproc.state.SharedLong;
import io.shmproc.state.SharedLongArray;
import org.junit.jupiter.api.Test;

/** The counters' and arrays' contract, run against every backend. */
abstract class ValueContract extends ContractBase {
    @Test
    void shouldCountExactlyFromBothContexts() throws Exception {
        final String name = name("long");
        final Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            final SharedLong counter = (i % 2 == 0 ? mp() : other()).sharedLong(name, 0);
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 100; k++) {
                    counter.incrementAndGet();
                }
            });
            threads[i].start();
        }
        for (final Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(400, mp().sharedLong(name, 0).get());
    }

    @Test
    void shouldServeTheAtomicOperations() {
        final SharedLong l = mp().sharedLong(name("long"), 5);
        assertEquals(5, l.getAndAdd(2));
        assertTrue(l.compareAndSet(7, 10));
        assertFalse(l.compareAndSet(7, 11));
        assertEquals(20, l.updateAndGet(v -> v * 2));
        final SharedInt i = mp().sharedInt(name("int"), Integer.MAX_VALUE);
        assertEquals(Integer.MIN_VALUE, i.incrementAndGet(), "int arithmetic wraps");
        final SharedDouble d = other().sharedDouble(name("double"), 1.5);
        assertEquals(4.0, d.addAndGet(2.5));
    }

    @Test
    void shouldShareAnArray() {
        final String name = name("array");
        final SharedLongArray mine = mp().sharedLongArray(name, 4);
        final SharedLongArray theirs = other().sharedLongArray(name, 4);
        mine.set(1, 10);
        assertEquals(11, theirs.incrementAndGet(1));
        assertEquals(4, theirs.length());
        assertArrayEquals(new long[] {0, 11, 0, 0}, mine.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> mine.get(4));
    }
}
