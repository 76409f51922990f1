package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link SharedQueue} and {@link SimpleQueue} contract, run against every backend. */
abstract class QueueContract extends ContractBase {
    @Test
    void shouldDeliverInOrderToTheOtherContext() throws Exception {
        final String name = name("queue");
        final SharedQueue<String> out = mp().queue(name);
        final SharedQueue<String> in = other().queue(name);
        for (int i = 0; i < 20; i++) {
            out.put("item-" + i);
        }
        assertEquals(20, in.size());
        assertEquals("item-0", in.peek());
        for (int i = 0; i < 20; i++) {
            assertEquals("item-" + i, in.take());
        }
        assertNull(in.poll());
        assertTrue(in.isEmpty());
    }

    @Test
    void shouldDeliverEachItemExactlyOnceToCompetingConsumers() throws Exception {
        final String name = name("queue");
        final SharedQueue<Integer> out = mp().queue(name);
        final List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
        final Thread[] consumers = new Thread[2];
        for (int c = 0; c < consumers.length; c++) {
            final SharedQueue<Integer> in = (c == 0 ? mp() : other()).queue(name);
            consumers[c] = new Thread(() -> {
                try {
                    Integer e;
                    while ((e = in.poll(2, TimeUnit.SECONDS)) != null && e >= 0) {
                        taken.add(e);
                    }
                } catch (final InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            consumers[c].start();
        }
        for (int i = 0; i < 200; i++) {
            out.put(i);
        }
        out.put(-1);
        out.put(-1);
        for (final Thread t : consumers) {
            t.join(30_000);
        }
        final List<Integer> sorted = new ArrayList<>(taken);
        Collections.sort(sorted);
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        assertEquals(expected, sorted);
    }

    @Test
    void shouldBoundByItemCountAndTimeOut() throws Exception {
        final SharedQueue<String> q = mp().queue(name("queue"), QueueOptions.defaults().maxItems(2));
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertTrue(q.isFull());
        assertEquals(0, q.remainingCapacity());
        assertFalse(q.offer("c"));
        final long start = System.nanoTime();
        assertFalse(q.offer("c", 200, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
        assertThrows(IllegalStateException.class, () -> q.putNowait("c"));
        assertThrows(ShmprocTimeoutException.class, () -> q.put("c", true, Duration.ofMillis(50)));
        assertEquals("a", q.getNowait());
        assertEquals("b", q.get(true, Duration.ofMillis(50)));
        assertThrows(NoSuchElementException.class, q::getNowait);
        assertNull(q.poll(100, TimeUnit.MILLISECONDS));
        assertThrows(NullPointerException.class, () -> q.put(null));
    }

    @Test
    void shouldServeTheSimpleQueue() throws Exception {
        final String name = name("simple");
        final SimpleQueue<String> out = mp().simpleQueue(name);
        out.put("x");
        final List<String> drained = new ArrayList<>();
        assertEquals(1, other().<String>simpleQueue(name).drainTo(drained));
        assertEquals(List.of("x"), drained);
    }
}
