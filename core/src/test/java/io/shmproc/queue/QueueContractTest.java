package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockingQueue} contract (and the Python forms beside it), written once and run against every
 * queue type.
 */
@CrossProcessTest
class QueueContractTest {
    /** Opens a queue of one type in a file. */
    interface Factory {
        AbstractSharedQueue<Object> open(Path file, QueueOptions options);
    }

    @Nested
    @CrossProcessTest
    class SharedQueueContract extends Contract {
        SharedQueueContract() {
            super((f, o) -> (AbstractSharedQueue<Object>) SharedQueue.open(f, o), true);
        }
    }

    @Nested
    @CrossProcessTest
    class SimpleQueueContract extends Contract {
        SimpleQueueContract() {
            super((f, o) -> (AbstractSharedQueue<Object>) SimpleQueue.open(f, o), false);
        }
    }

    @Nested
    @CrossProcessTest
    class JoinableQueueContract extends Contract {
        JoinableQueueContract() {
            super((f, o) -> (AbstractSharedQueue<Object>) JoinableQueue.open(f, o), true);
        }
    }

    abstract static class Contract {
        private final Factory factory;
        private final boolean itemBounds;
        private Shmproc mp;
        private AbstractSharedQueue<Object> q;

        Contract(final Factory factory, final boolean itemBounds) {
            this.factory = factory;
            this.itemBounds = itemBounds;
        }

        @BeforeEach
        void open() {
            mp = Shmproc.open();
            q = factory.open(mp.directory().resolve("q"), QueueOptions.defaults().capacityBytes(4096));
        }

        @AfterEach
        void close() {
            q.close();
            mp.close();
        }

        private AbstractSharedQueue<Object> bounded(final String name, final long items) {
            return factory.open(mp.directory().resolve(name), QueueOptions.defaults().capacityBytes(1024)
                .maxItems(itemBounds ? items : 0));
        }

        @Test
        void shouldTakeItemsInTheOrderTheyWerePut() throws Exception {
            for (int i = 0; i < 100; i++) {
                q.put(i % 2 == 0 ? "item" + i : Integer.valueOf(i));
            }
            assertEquals(100, q.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i % 2 == 0 ? "item" + i : Integer.valueOf(i), q.take());
            }
            assertTrue(q.isEmpty());
        }

        @Test
        void offerAndPollShouldWaitOutALockAnotherHandleHoldsBrieflyNotGiveUp() throws Exception {
            // BlockingQueue.offer is false only without room and poll null only when empty; a producer or consumer
            // lock held for a moment (a holder the scheduler preempted) must not make them give up
            final AbstractSharedQueue<Object> other = factory.open(mp.directory().resolve("q"),
                QueueOptions.defaults());
            try {
                final int claim = other.channel.tryClaim(8);
                assertTrue(claim >= 0);
                final Thread releaser = new Thread(() -> {
                    pause(200);
                    other.channel.abort(claim);
                });
                releaser.start();
                assertTrue(q.offer("first"), "offer while another handle held the producer lock for 200 ms");
                releaser.join();
                assertTrue(q.offer("second"));
                final CountDownLatch inside = new CountDownLatch(1);
                final Thread slowConsumer = new Thread(() -> other.channel.poll((buffer, offset, length) -> {
                    inside.countDown();
                    pause(200);
                }, 1));
                slowConsumer.start();
                assertTrue(inside.await(10, TimeUnit.SECONDS));
                assertEquals("second", q.poll(), "poll while another handle held the consumer lock for 200 ms");
                slowConsumer.join();
            } finally {
                other.close();
            }
        }

        private static void pause(final long millis) {
            try {
                Thread.sleep(millis);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Test
        void shouldOfferAndPollWithoutBlocking() {
            assertNull(q.poll());
            assertTrue(q.offer("a"));
            assertEquals("a", q.peek());
            assertEquals("a", q.element());
            assertEquals(1, q.size());
            assertEquals("a", q.poll());
            assertNull(q.peek());
            assertThrows(NoSuchElementException.class, q::remove);
            assertThrows(NoSuchElementException.class, q::element);
        }

        @Test
        void shouldRejectNullItems() {
            assertThrows(NullPointerException.class, () -> q.put(null));
            assertThrows(NullPointerException.class, () -> q.offer(null));
            assertThrows(NullPointerException.class, () -> q.add(null));
            assertTrue(q.isEmpty());
        }

        @Test
        void shouldLeaveNoTraceWhenTimedCallsTimeOut() throws Exception {
            long start = System.nanoTime();
            assertNull(q.poll(100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
            final AbstractSharedQueue<Object> small = bounded("small", 2);
            int put = 0;
            while (small.offer("x" + put)) {
                put++;
            }
            start = System.nanoTime();
            assertFalse(small.offer("late", 100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
            assertEquals(put, small.size());
            assertTrue(small.isFull());
            assertThrows(IllegalStateException.class, () -> small.add("y"));
            assertThrows(IllegalStateException.class, () -> small.putNowait("y"));
            assertThrows(ShmprocTimeoutException.class, () -> small.put("y", true, Duration.ofMillis(50)));
            for (int i = 0; i < put; i++) {
                assertEquals("x" + i, small.poll());
            }
            assertNull(small.poll());
            small.close();
        }

        @Test
        void shouldBoundByItemsWhenAsked() {
            final AbstractSharedQueue<Object> small = bounded("items", 3);
            if (itemBounds) {
                assertEquals(3, small.remainingCapacity());
                assertTrue(small.offer(1));
                assertTrue(small.offer(2));
                assertTrue(small.offer(3));
                assertFalse(small.offer(4));
                assertEquals(0, small.remainingCapacity());
            } else {
                assertEquals(Integer.MAX_VALUE, small.remainingCapacity());
            }
            small.close();
        }

        @Test
        void shouldTimeOutAndWakeUpInBlockingTake() throws Exception {
            final AtomicReference<Object> got = new AtomicReference<>();
            final Thread taker = new Thread(() -> {
                try {
                    got.set(q.take());
                } catch (final InterruptedException e) {
                    got.set(e);
                }
            });
            taker.start();
            Thread.sleep(100);
            q.put("wake");
            taker.join(10_000);
            assertEquals("wake", got.get());
        }

        @Test
        void shouldSupportPythonForms() throws Exception {
            q.put("p", true, null);
            q.put("q", false, null);
            q.put("r", true, Duration.ofSeconds(1));
            assertEquals("p", q.get());
            assertEquals("q", q.get(false, null));
            assertEquals("r", q.get(true, Duration.ofSeconds(1)));
            assertThrows(NoSuchElementException.class, q::getNowait);
            assertThrows(ShmprocTimeoutException.class, () -> q.get(true, Duration.ofMillis(20)));
        }

        @Test
        void shouldDrainToACollection() throws Exception {
            for (int i = 0; i < 10; i++) {
                q.put(i);
            }
            final List<Object> out = new ArrayList<>();
            assertEquals(3, q.drainTo(out, 3));
            assertEquals(7, q.drainTo(out));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), out);
            assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
        }

        @Test
        void shouldRejectAnItemTheCodecCannotEncodeAndLeaveTheQueueUnchanged() throws Exception {
            q.put("before");
            assertThrows(CodecException.class, () -> q.put(new Object()));
            assertThrows(CodecException.class, () -> q.offer(new Object()));
            assertEquals(1, q.size());
            q.put("after");
            assertEquals("before", q.take());
            assertEquals("after", q.take());
            assertTrue(q.isEmpty());
        }

        @Test
        void shouldRejectAnItemLargerThanTheMaximumBeforeWritingAnything() throws Exception {
            final AbstractSharedQueue<Object> small = factory.open(mp.directory().resolve("max"),
                QueueOptions.defaults().capacityBytes(1024).maxMessageLength(100));
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small.put(new byte[200]));
            assertTrue(e.getMessage().contains("maxMessageLength=100"), e.getMessage());
            assertTrue(small.isEmpty());
            small.close();
        }

        @Test
        void shouldCarryItemsLargerThanTheRing() throws Exception {
            final byte[] big = new byte[100_000];
            big[99_999] = 9;
            final Thread producer = new Thread(() -> {
                try {
                    q.put(big);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            final byte[] got = (byte[]) q.take();
            producer.join(10_000);
            assertEquals(100_000, got.length);
            assertEquals(9, got[99_999]);
        }

        @Test
        void shouldFailWithClosedExceptionAfterCloseIncludingBlockedCalls() throws Exception {
            final AbstractSharedQueue<Object> other = factory.open(q.file(), QueueOptions.defaults());
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread taker = new Thread(() -> {
                try {
                    other.take();
                } catch (final Throwable t) {
                    failure.set(t);
                }
            });
            taker.start();
            Thread.sleep(100);
            other.close();
            taker.join(10_000);
            assertTrue(failure.get() instanceof ClosedException, String.valueOf(failure.get()));
            assertThrows(ClosedException.class, () -> other.put("x"));
            assertThrows(ClosedException.class, other::take);
            assertThrows(ClosedException.class, other::poll);
            assertThrows(ClosedException.class, other::peek);
            assertThrows(ClosedException.class, other::size);
            assertThrows(ClosedException.class, other::isEmpty);
            assertThrows(ClosedException.class, other::isFull);
            assertThrows(ClosedException.class, other::remainingCapacity);
            assertThrows(ClosedException.class, () -> other.drainTo(new ArrayList<>()));
            assertThrows(ClosedException.class, () -> other.drainTo(new ArrayList<>(), 1));
            assertThrows(ClosedException.class, other::toArray);
            assertThrows(ClosedException.class, other::iterator);
            assertThrows(ClosedException.class, () -> other.contains("x"));
            if (other instanceof JoinableQueue) {
                final JoinableQueue<Object> joinable = (JoinableQueue<Object>) other;
                assertThrows(ClosedException.class, joinable::unfinishedTasks);
                assertThrows(ClosedException.class, joinable::taskDone);
                assertThrows(ClosedException.class, joinable::join);
            }
            other.close();
            q.put("still works");
            assertEquals("still works", q.take());
        }

        @Test
        void shouldReattachWhenTheHandleIsDeserialized() throws Exception {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(q);
            }
            final Object copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy = in.readObject();
            }
            assertSame(q.getClass(), copy.getClass());
            @SuppressWarnings("unchecked")
            final AbstractSharedQueue<Object> other = (AbstractSharedQueue<Object>) copy;
            other.put("via copy");
            assertEquals("via copy", q.take());
            other.close();
        }

        @Test
        void shouldCopyStreamAndIterateAWeaklyConsistentSnapshotWithoutConsuming() throws Exception {
            assertTrue(q.toString().contains("0 items"), q.toString());
            assertEquals(List.of(), new ArrayList<>(q));
            final byte[] big = new byte[1500]; // several fragments of this 4 KiB ring
            big[1499] = 7;
            final List<Object> expected = List.of("a", 2, "c", 4L);
            for (final Object o : expected) {
                q.put(o);
            }
            q.put(big);
            q.put("after big");
            assertEquals(6, q.size());
            final List<Object> copy = new ArrayList<>(q);
            assertEquals(expected, copy.subList(0, 4));
            assertArrayEquals(big, (byte[]) copy.get(4));
            assertEquals("after big", copy.get(5));
            assertEquals(6, List.copyOf(q).size());
            final List<Object> added = new ArrayList<>(List.of("x"));
            assertTrue(added.addAll(q));
            assertEquals(7, added.size());
            assertEquals(6, q.stream().count());
            assertEquals(List.of("a", "c"), q.stream().filter(String.class::isInstance).limit(2)
                .collect(Collectors.toList()));
            assertEquals(6, q.toArray().length);
            assertEquals("a", q.toArray(new Object[0])[0]);
            assertEquals(6, q.toArray(Object[]::new).length);
            final List<Object> seen = new ArrayList<>();
            q.forEach(seen::add);
            assertEquals(6, seen.size());
            assertTrue(q.contains("after big"));
            assertTrue(q.containsAll(List.of("a", 2, 4L)));
            assertFalse(q.containsAll(List.of("a", "missing")));
            final Iterator<Object> it = q.iterator();
            assertEquals("a", q.take());
            assertEquals("a", it.next(), "the iterator shows the queue as it was when created");
            assertThrows(UnsupportedOperationException.class, it::remove);
            assertEquals(5, q.size(), "iteration consumed nothing");
            for (final Object o : expected.subList(1, 4)) {
                assertEquals(o, q.take());
            }
            assertArrayEquals(big, (byte[]) q.take());
            assertEquals("after big", q.take());
            assertTrue(q.isEmpty());
        }

        @Test
        void shouldUseTheCodecOfTheOptions() throws Exception {
            final AbstractSharedQueue<Object> strings = factory.open(mp.directory().resolve("s"),
                QueueOptions.defaults().codec(Codecs.string()));
            strings.put("plain utf-8");
            assertEquals("plain utf-8", strings.take());
            strings.close();
        }
    }
}
