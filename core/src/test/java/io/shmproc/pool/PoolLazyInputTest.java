package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.CrossProcessTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 17 item 9: imap and imapUnordered read their input lazily, with a bounded look-ahead. */
@CrossProcessTest
class PoolLazyInputTest {
    private static final int PROCESSES = 2;

    /** An endless input that counts how many items were pulled. */
    private static Iterable<Integer> endless(final AtomicInteger pulled) {
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return pulled.getAndIncrement();
            }
        };
    }

    /** An input of {@code good} items whose iterator then throws {@code failure}. */
    private static Iterable<Integer> failingAfter(final int good, final RuntimeException failure) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == good) {
                    throw failure;
                }
                return next++;
            }
        };
    }

    private static PoolOptions pool() {
        return PoolOptions.defaults().processes(PROCESSES);
    }

    @Test
    void shouldConsumeAnEndlessInputLazilyInOrder() {
        final AtomicInteger pulled = new AtomicInteger();
        try (ProcessPool pool = ProcessPool.create(pool());
             PoolIterator<Integer> it = pool.imap((Integer x) -> x * 2, endless(pulled))) {
            for (int i = 0; i < 50; i++) {
                assertEquals(i * 2, it.next());
            }
            assertTrue(it.hasNext());
            final int seen = pulled.get();
            assertTrue(seen < 50 + 4 * PROCESSES * 2 + 2, "bounded look-ahead, pulled " + seen);
        }
    }

    @Test
    void shouldConsumeAnEndlessInputLazilyInChunksAndUnordered() {
        final AtomicInteger pulled = new AtomicInteger();
        try (ProcessPool pool = ProcessPool.create(pool())) {
            final List<Integer> got = new ArrayList<>();
            try (PoolIterator<Integer> it = pool.imapUnordered((Integer x) -> x, endless(pulled), 5)) {
                for (int i = 0; i < 50; i++) {
                    got.add(it.next());
                }
            }
            assertEquals(50, new java.util.HashSet<>(got).size());
            assertTrue(pulled.get() <= 50 + 5 * (4 * PROCESSES + 1), "bounded look-ahead, pulled " + pulled.get());

            final AtomicInteger pulled2 = new AtomicInteger();
            try (PoolIterator<Integer> it = pool.imap((Integer x) -> x + 1, endless(pulled2), 7)) {
                for (int i = 0; i < 50; i++) {
                    assertEquals(i + 1, it.next());
                }
            }
            // the pool still works after an abandoned iterator
            assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
        }
    }

    @Test
    void shouldSurfaceAnInputFailureAfterTheResultsBeforeIt() {
        final IllegalStateException boom = new IllegalStateException("input broke");
        try (ProcessPool pool = ProcessPool.create(pool())) {
            final PoolIterator<Integer> it = pool.imap((Integer x) -> x * 10, failingAfter(3, boom));
            assertEquals(0, it.next());
            assertEquals(10, it.next());
            assertEquals(20, it.next());
            assertTrue(it.hasNext());
            assertSame(boom, assertThrows(IllegalStateException.class, it::next));
            assertFalse(it.hasNext());

            final PoolIterator<Integer> un = pool.imapUnordered((Integer x) -> x, failingAfter(4, boom), 3);
            final List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(un.next());
            }
            Collections.sort(got);
            assertEquals(List.of(0, 1, 2, 3), got);
            assertSame(boom, assertThrows(IllegalStateException.class, un::next));
            assertFalse(un.hasNext());

            final PoolIterator<Integer> first = pool.imap((Integer x) -> x, failingAfter(0, boom));
            assertSame(boom, assertThrows(IllegalStateException.class, first::next));
            assertFalse(first.hasNext());
        }
    }

    @Test
    void shouldStillReturnEveryResultOfAFiniteInput() {
        final List<Integer> items = IntStream.range(0, 500).boxed().collect(Collectors.toList());
        try (ProcessPool pool = ProcessPool.create(pool())) {
            final List<Integer> ordered = new ArrayList<>();
            pool.imap((Integer x) -> x * 3, items.stream()::iterator, 4).forEachRemaining(ordered::add);
            assertEquals(items.stream().map(x -> x * 3).collect(Collectors.toList()), ordered);
            final List<Integer> unordered = new ArrayList<>();
            pool.imapUnordered((Integer x) -> x, items).forEachRemaining(unordered::add);
            Collections.sort(unordered);
            assertEquals(items, unordered);
            final PoolIterator<Integer> empty = pool.imap((Integer x) -> x, List.<Integer>of());
            assertFalse(empty.hasNext());
        }
    }
}
