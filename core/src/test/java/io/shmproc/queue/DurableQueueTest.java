package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.Retention;
import io.shmproc.channel.RollPeriod;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CrossProcessTest
class DurableQueueTest {
    @TempDir
    Path temp;

    private DurableQueue<String> open(final DurableQueueOptions options) {
        return DurableQueue.open(temp.resolve("log"), Codecs.string(), options);
    }

    @Test
    void shouldResumeAfterLastAcknowledgementWhenReopened() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                queue.put("m" + i);
            }
            try (DurableConsumer<String> consumer = queue.consumer("c")) {
                assertEquals("m0", consumer.take());
                assertEquals("m1", consumer.take());
                assertEquals("m2", consumer.take());
                consumer.ack();
                assertEquals("m3", consumer.take());
                assertEquals("m4", consumer.take());
            }
        }
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> consumer = queue.consumer("c")) {
            assertEquals("m3", consumer.take(), "unacknowledged messages are delivered again");
            assertEquals("m4", consumer.poll());
        }
    }

    @Test
    void shouldLetEveryConsumerNameReadTheWholeLogIndependently() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> a = queue.consumer("a");
             DurableConsumer<String> b = queue.consumer("b")) {
            queue.put("x");
            queue.put("y");
            assertEquals("x", a.take());
            assertEquals("y", a.take());
            a.ack();
            assertEquals("x", b.take());
            assertNull(a.poll());
            assertEquals("y", b.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRefuseSecondOpenOfTheSameConsumerName() {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> first = queue.consumer("only")) {
            final ShmprocException e = assertThrows(ShmprocException.class, () -> queue.consumer("only"));
            assertTrue(e.getMessage().contains("'only'"), e.getMessage());
            assertEquals("only", first.name());
        }
    }

    @Test
    void shouldRedeliverAtMostTheLastTakenMessageInAutoMode() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults())) {
            queue.put("a");
            queue.put("b");
            queue.put("c");
            final DurableConsumer<String> auto = queue.consumer("auto", AckMode.AUTO);
            assertEquals("a", auto.take());
            assertEquals("b", auto.take());
            // simulate a crash: the cursor is dropped without close(), which would acknowledge "b"
            assertEquals(auto.lastIndex() - 1, auto.acknowledgedIndex());
        }
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> auto = queue.consumer("auto", AckMode.AUTO)) {
            assertEquals("b", auto.take());
            assertEquals("c", auto.take());
        }
    }

    @Test
    void shouldReplayFromStartFromIndexAndFromTime() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> consumer = queue.consumer("replay")) {
            queue.put("early");
            Thread.sleep(30);
            final Instant middle = Instant.now();
            Thread.sleep(30);
            final long lateIndex = queue.append("late");
            queue.put("last");
            assertEquals("early", consumer.take());
            assertEquals("late", consumer.take());
            consumer.rewind();
            assertEquals("early", consumer.take());
            assertTrue(consumer.seek(lateIndex));
            assertEquals("late", consumer.take());
            consumer.seek(middle);
            assertEquals("late", consumer.take());
            consumer.seek(Instant.now().plusSeconds(3600));
            assertNull(consumer.poll());
            assertFalse(consumer.seek(lateIndex + 1000));
        }
    }

    @Test
    void shouldRejectOversizedMessageWithoutAppendingIt() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults().maxMessageLength(16));
             DurableConsumer<String> consumer = queue.consumer("c")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue.put("x".repeat(100)));
            assertTrue(e.getMessage().contains("maxMessageLength=16"), e.getMessage());
            assertEquals(DurableChannel.NO_INDEX, queue.lastIndex());
            queue.put("ok");
            assertEquals("ok", consumer.take());
        }
    }

    @Test
    void shouldReturnNullWhenPollTimesOutLeavingNoTrace() throws Exception {
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults())) {
            final long start = System.nanoTime();
            assertNull(queue.poll(50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            queue.put("after");
            assertEquals("after", queue.take());
        }
    }

    @Test
    void shouldDeleteCyclesThatEveryConsumerHasAcknowledgedPast() throws Exception {
        final DurableQueueOptions options = DurableQueueOptions.defaults().rollPeriod(RollPeriod.SECONDLY)
            .retention(Retention.DELETE_CONSUMED);
        try (DurableQueue<String> queue = open(options);
             DurableConsumer<String> fast = queue.consumer("fast");
             DurableConsumer<String> slow = queue.consumer("slow")) {
            for (int cycle = 0; cycle < 3; cycle++) {
                queue.put("c" + cycle);
                awaitNextSecond();
            }
            queue.put("c3");
            assertTrue(queue.channel().cycleFileCount() >= 4, "one file per second");
            for (int i = 0; i < 4; i++) {
                assertEquals("c" + i, fast.take());
                fast.ack();
            }
            assertTrue(queue.channel().cycleFileCount() >= 4, "slow has acknowledged nothing: nothing deleted");
            assertEquals("c0", slow.take());
            assertEquals("c1", slow.take());
            assertEquals("c2", slow.take());
            slow.ack();
            assertEquals(2, countCycles(queue), "the cycles of c0 and c1 are gone");
            slow.rewind();
            assertEquals("c2", slow.take(), "a replay starts at the oldest remaining cycle");
        }
    }

    @Test
    void shouldStopKeepingFilesForARetiredConsumer() throws Exception {
        final DurableQueueOptions options = DurableQueueOptions.defaults().rollPeriod(RollPeriod.SECONDLY);
        try (DurableQueue<String> queue = open(options)) {
            queue.consumer("idle").close();
            try (DurableConsumer<String> active = queue.consumer("active")) {
                queue.put("old");
                awaitNextSecond();
                queue.put("new");
                assertEquals("old", active.take());
                assertEquals("new", active.take());
                active.ack();
                assertEquals(0, queue.deleteConsumedCycles(), "idle has acknowledged nothing: keep everything");
                assertThrows(ShmprocException.class, () -> queue.retireConsumer("active"), "open names cannot retire");
                queue.retireConsumer("idle");
                assertEquals(1, queue.deleteConsumedCycles());
                assertEquals(1, countCycles(queue));
            }
            try (DurableConsumer<String> back = queue.consumer("idle")) {
                assertEquals("new", back.take(), "a retired name starts again at the oldest remaining message");
                assertEquals(DurableChannel.NO_INDEX, back.acknowledgedIndex());
            }
        }
    }

    @Test
    void shouldCreateThePrivateDirectoryAndTravelAsAHandle() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final DurableQueue<String> queue = mp.durableQueue(temp.resolve("viaContext"), Codecs.string(),
                DurableQueueOptions.defaults());
            queue.put("hello");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(queue.directory())));
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(queue);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                @SuppressWarnings("unchecked") final DurableQueue<String> copy = (DurableQueue<String>) in.readObject();
                try (copy; DurableConsumer<String> consumer = copy.consumer("c")) {
                    assertEquals("hello", consumer.take());
                }
            }
        }
    }

    private static int countCycles(final DurableQueue<?> queue) {
        return queue.channel().cycleFileCount();
    }

    private static void awaitNextSecond() throws InterruptedException {
        final long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            Thread.sleep(10);
        }
    }
}
