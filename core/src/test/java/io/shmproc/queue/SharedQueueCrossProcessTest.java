package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedQueueCrossProcessTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private Shmproc mp;

    @BeforeEach
    void open() {
        mp = Shmproc.open();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    @Test
    void shouldNeverShowAProducerKilledMidWayThroughA16MiBMessageAndKeepWorkingWithinOneSecond() throws Exception {
        final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("big", QueueOptions.defaults().capacityBytes(1 << 20)
            .maxMessageLength(32 << 20));
        try (ChildJvm big = ChildJvm.start(QueueChildren.BigProducer.class, q.file().toString())) {
            big.awaitLine("start"::equals, LONG);
            final long until = System.nanoTime() + LONG.toNanos();
            while (q.channel.usedBytes() < (1 << 19) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertTrue(q.channel.usedBytes() >= 1 << 19, "the big producer published its first fragments");
            try (ChildJvm other = ChildJvm.start(QueueChildren.Producer.class, q.file().toString(), "1", "1000")) {
                other.awaitLine("ready"::equals, LONG);
                Thread.sleep(200); // the other producer is now waiting for the producer lock
                big.kill();
                final long killed = System.nanoTime();
                final Object first = q.poll(5, TimeUnit.SECONDS);
                final long firstAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertEquals(1L << QueueChildren.SEQ_BITS, first, "the first item is the other producer's first");
                assertTrue(firstAfterMillis < 1000, "first item of another producer came " + firstAfterMillis
                    + " ms after the kill");
                for (long seq = 1; seq < 1000; seq++) {
                    assertEquals(1L << QueueChildren.SEQ_BITS | seq, q.poll(10, TimeUnit.SECONDS));
                }
                assertEquals(0, other.waitFor(LONG));
            }
            final long start = System.nanoTime();
            assertTrue(q.offer("after", 1, TimeUnit.SECONDS), "this process can still put");
            assertEquals("after", q.poll(1, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
            assertEquals(0, q.size());
            assertEquals(0, q.channel.usedBytes());
        }
    }

    @Test
    void shouldRedeliverTheItemOfAConsumerKilledMidReadAndKeepWorkingForOthers() throws Exception {
        final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("stuck");
        q.put("m1");
        q.put("m2");
        try (ChildJvm stuck = ChildJvm.start(QueueChildren.StuckConsumer.class, q.file().toString())) {
            stuck.awaitLine("reading"::equals, LONG);
            assertEquals(null, q.poll(), "the stuck consumer holds the head item");
            stuck.kill();
            final long killed = System.nanoTime();
            assertEquals("m1", q.poll(5, TimeUnit.SECONDS), "the killed consumer's item is redelivered");
            assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(1));
            assertEquals("m2", q.poll(1, TimeUnit.SECONDS));
            q.put("m3");
            assertEquals("m3", q.take());
            assertEquals(0, q.size());
        }
    }

    @Test
    void shouldLoseNothingWhenAProducerIsKilledRightAfterPutReturned() throws Exception {
        final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("durable");
        try (ChildJvm producer = ChildJvm.start(QueueChildren.PutThenWait.class, q.file().toString(), "500")) {
            producer.awaitLine("put-returned"::equals, LONG);
            producer.kill();
            for (int i = 0; i < 500; i++) {
                assertEquals("item-" + i, q.poll(1, TimeUnit.SECONDS));
            }
            assertEquals(null, q.poll());
        }
    }

    @Test
    void shouldDeliverAMillionMessagesFromFourProducerJvmsToFourConsumerJvmsExactlyOnceInProducerOrder()
        throws Exception {
        final int producers = 4;
        final int consumers = 4;
        final int perProducer = 250_000;
        final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("million", QueueOptions.defaults().capacityBytes(1 << 20));
        final List<ChildJvm> children = new ArrayList<>();
        try {
            for (int c = 0; c < consumers; c++) {
                children.add(ChildJvm.start(QueueChildren.Consumer.class, q.file().toString()));
            }
            for (int p = 0; p < producers; p++) {
                children.add(ChildJvm.start(QueueChildren.Producer.class, q.file().toString(), String.valueOf(p + 1),
                    String.valueOf(perProducer)));
            }
            final long start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                assertEquals(0, children.get(consumers + p).waitFor(Duration.ofSeconds(90)));
            }
            for (int c = 0; c < consumers; c++) {
                q.put(QueueChildren.PILL);
            }
            long count = 0;
            long sum = 0;
            long squares = 0;
            for (int c = 0; c < consumers; c++) {
                final String line = children.get(c).awaitLine(l -> l.startsWith("result "), LONG);
                final String[] parts = line.split(" ");
                count += Long.parseLong(parts[1]);
                sum += Long.parseLong(parts[2]);
                squares += Long.parseLong(parts[3]);
                assertEquals("true", parts[4], "consumer " + c + " saw a producer's items out of order");
                assertEquals(0, children.get(c).waitFor(LONG));
            }
            final long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("4x4 JVMs, " + (producers * perProducer) + " messages in " + seconds + " ms");
            long expectedSum = 0;
            long expectedSquares = 0;
            for (long p = 1; p <= producers; p++) {
                for (long seq = 0; seq < perProducer; seq++) {
                    final long v = p << QueueChildren.SEQ_BITS | seq;
                    expectedSum += v;
                    expectedSquares += v * v;
                }
            }
            assertEquals(producers * (long) perProducer, count, "every message exactly once (count)");
            assertEquals(expectedSum, sum, "every message exactly once (sum)");
            assertEquals(expectedSquares, squares, "every message exactly once (sum of squares)");
            assertEquals(0, q.size());
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    void shouldJoinWhenConsumersInOtherProcessesMarkEveryTaskDone() throws Exception {
        final JoinableQueue<Object> q = mp.joinableQueue("tasks");
        try (ChildJvm a = ChildJvm.start(QueueChildren.JoinConsumer.class, q.file().toString());
             ChildJvm b = ChildJvm.start(QueueChildren.JoinConsumer.class, q.file().toString())) {
            for (int i = 0; i < 200; i++) {
                q.put(i);
            }
            assertTrue(q.join(LONG), "join returns once both consumers marked every task done");
            assertEquals(0, q.unfinishedTasks());
            assertThrows(IllegalStateException.class, q::taskDone, "more taskDone() calls than items taken");
            a.kill();
            b.kill();
            q.put("nobody takes this");
            assertFalse(q.join(Duration.ofMillis(200)), "an unfinished task keeps join waiting");
            assertEquals(1, q.unfinishedTasks());
            assertEquals("nobody takes this", q.take());
            assertEquals(1, q.unfinishedTasks());
            q.taskDone();
            assertTrue(q.join(Duration.ofSeconds(1)));
        }
    }

    @Test
    void shouldReattachASerializedHandleInAnotherJvm() throws Exception {
        final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("handles");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(q);
        }
        try (ChildJvm child = ChildJvm.start(QueueChildren.SerializedHandleUser.class,
            Base64.getEncoder().encodeToString(bytes.toByteArray()), "hello from the child")) {
            assertEquals(0, child.waitFor(LONG));
        }
        final Object got = q.poll(5, TimeUnit.SECONDS);
        assertNotNull(got);
        assertEquals("hello from the child", got);
    }

    @Test
    void shouldSnapshotItemsAnotherProcessPutWithoutConsumingThem() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final AbstractSharedQueue<Object> q = (AbstractSharedQueue<Object>) mp.<Object>queue("snap", QueueOptions.defaults().capacityBytes(1 << 16));
            try (ChildJvm producer = ChildJvm.start(QueueChildren.Producer.class, q.file().toString(), "3", "500")) {
                producer.awaitLine("done"::equals, LONG);
                assertEquals(0, producer.waitFor(LONG));
            }
            final List<Object> copy = new ArrayList<>(q);
            assertEquals(500, copy.size());
            for (int seq = 0; seq < 500; seq++) {
                assertEquals(3L << QueueChildren.SEQ_BITS | seq, copy.get(seq));
            }
            assertEquals(500, q.size(), "the snapshot consumed nothing");
            assertEquals(3L << QueueChildren.SEQ_BITS, q.take());
        }
    }
}
