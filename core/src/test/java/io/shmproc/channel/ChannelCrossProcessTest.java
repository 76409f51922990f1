package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ChannelCrossProcessTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    @Test
    void shouldDeliverEveryMessageOnceAndInOrderAcrossProcessesSpsc() throws Exception {
        final Path file = dir.resolve("spsc");
        final int count = 100_000;
        try (SpscChannel consumer = SpscChannel.create(file, ChannelOptions.defaults().capacity(64 << 10));
             ChildJvm producer = ChildJvm.start(ChannelChildren.NumberedProducer.class, "spsc", file.toString(), "7",
                 Integer.toString(count))) {
            final int[] next = new int[1];
            receiveNumbered(consumer, next, count);
            assertEquals(0, producer.waitFor(LONG));
            assertEquals(count, next[0]);
            assertEquals(0, consumer.poll((b, o, l) -> { }, 10), "no duplicate or extra message");
        }
    }

    @Test
    void shouldDeliverEveryMessageOnceAndInProducerOrderAcrossProcessesMpsc() throws Exception {
        final Path file = dir.resolve("mpsc");
        final int count = 50_000;
        try (MpscChannel consumer = MpscChannel.create(file, ChannelOptions.defaults().capacity(64 << 10));
             ChildJvm a = ChildJvm.start(ChannelChildren.NumberedProducer.class, "mpsc", file.toString(), "0",
                 Integer.toString(count));
             ChildJvm b = ChildJvm.start(ChannelChildren.NumberedProducer.class, "mpsc", file.toString(), "1",
                 Integer.toString(count))) {
            final int[] next = new int[2];
            final int[] total = new int[1];
            final MessageHandler check = (buf, o, l) -> {
                assertEquals(ChannelChildren.SMALL_LENGTH, l);
                final int id = buf.getInt(o);
                final int seq = buf.getInt(o + 4);
                assertEquals(next[id], seq, "producer " + id + " out of order");
                assertEquals(id ^ seq, buf.getInt(o + 8));
                next[id]++;
                total[0]++;
            };
            final long deadline = System.nanoTime() + LONG.toNanos();
            while (total[0] < 2 * count && System.nanoTime() < deadline) {
                consumer.poll(check, 256, 1, TimeUnit.SECONDS);
            }
            assertEquals(0, a.waitFor(LONG));
            assertEquals(0, b.waitFor(LONG));
            assertEquals(count, next[0]);
            assertEquals(count, next[1]);
            assertEquals(0, consumer.poll((buf, o, l) -> { }, 10));
        }
    }

    @Test
    void shouldReassembleA16MiBMessageFromAnotherProcess() throws Exception {
        final Path file = dir.resolve("big");
        final int length = 16 << 20;
        try (SpscChannel consumer = SpscChannel.create(file, ChannelOptions.defaults());
             ChildJvm producer = ChildJvm.start(ChannelChildren.BigProducer.class, "spsc", file.toString(),
                 Integer.toString(length))) {
            final long[] crcs = new long[2];
            final int got = consumer.poll((buf, o, l) -> {
                assertEquals(length, l);
                final byte[] bytes = new byte[l - 8];
                buf.getBytes(o, bytes);
                final CRC32 crc = new CRC32();
                crc.update(bytes);
                crcs[0] = crc.getValue();
                crcs[1] = buf.getLong(o + l - 8);
            }, 16, 60, TimeUnit.SECONDS);
            assertEquals(1, got);
            assertEquals(crcs[1], crcs[0], "checksum of the reassembled message");
            assertEquals(0, producer.waitFor(LONG));
        }
    }

    @Test
    void shouldNeverDeliverAnyPartOfAMessageWhoseProducerWasKilledMidWay() throws Exception {
        final Path file = dir.resolve("kill");
        final int count = 20_000;
        try (MpscChannel consumer = MpscChannel.create(file, ChannelOptions.defaults());
             ChildJvm big = ChildJvm.start(ChannelChildren.BigProducer.class, "mpsc", file.toString(),
                 Integer.toString(16 << 20))) {
            big.awaitLine("begun"::equals, LONG);
            awaitPending(consumer, consumer.capacity() / 2);
            try (ChildJvm small = ChildJvm.start(ChannelChildren.NumberedProducer.class, "mpsc", file.toString(), "3",
                Integer.toString(count))) {
                small.awaitLine("started"::equals, LONG);
                Thread.sleep(200);
                big.kill();
                final long killedAt = System.nanoTime();
                final int[] next = new int[1];
                final long[] firstAt = new long[1];
                final MessageHandler check = (buf, o, l) -> {
                    assertEquals(ChannelChildren.SMALL_LENGTH, l, "only the live producer's messages may arrive");
                    assertEquals(3, buf.getInt(o));
                    assertEquals(next[0]++, buf.getInt(o + 4));
                    if (firstAt[0] == 0) {
                        firstAt[0] = System.nanoTime();
                    }
                };
                final long deadline = System.nanoTime() + LONG.toNanos();
                while (next[0] < count && System.nanoTime() < deadline) {
                    consumer.poll(check, 256, 1, TimeUnit.SECONDS);
                }
                assertEquals(count, next[0]);
                assertTrue(firstAt[0] - killedAt < TimeUnit.SECONDS.toNanos(1), "first message "
                    + (firstAt[0] - killedAt) / 1_000_000 + " ms after the kill");
                assertEquals(0, small.waitFor(LONG));
                assertTrue(big.lines().stream().noneMatch("done"::equals), "the big producer must die mid-message");
            }
            assertEquals(0, consumer.poll((buf, o, l) -> { }, 100, 300, TimeUnit.MILLISECONDS),
                "nothing of the killed producer's message is delivered");
            assertTrue(consumer.droppedRecords() > 0 || consumer.isEmpty());
        }
    }

    @Test
    void shouldSkipTheClaimOfAKilledProducerAndKeepDeliveringWithinOneSecond() throws Exception {
        final Path file = dir.resolve("claim");
        final int count = 1_000;
        try (MpscChannel consumer = MpscChannel.create(file, ChannelOptions.defaults());
             ChildJvm hang = ChildJvm.start(ChannelChildren.ClaimAndHang.class, file.toString())) {
            hang.awaitLine("claimed"::equals, LONG);
            try (ChildJvm small = ChildJvm.start(ChannelChildren.NumberedProducer.class, "mpsc", file.toString(), "5",
                Integer.toString(count))) {
                small.awaitLine("done"::equals, LONG);
                final int[] got = new int[1];
                assertEquals(0, consumer.poll((buf, o, l) -> got[0]++, 256, 500, TimeUnit.MILLISECONDS),
                    "a live producer's claim holds the ring");
                hang.kill();
                final long killedAt = System.nanoTime();
                final int first = consumer.poll((buf, o, l) -> got[0]++, 256, 5, TimeUnit.SECONDS);
                final long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertTrue(first > 0 && tookMillis < 1_000, "received " + first + " after " + tookMillis + " ms");
                while (got[0] < count && consumer.poll((buf, o, l) -> got[0]++, 256, 2, TimeUnit.SECONDS) > 0) {
                    assertTrue(got[0] <= count);
                }
                assertEquals(count, got[0]);
                assertEquals(1, consumer.unblockedCount());
                for (int slot = 0; slot < ChannelOptions.DEFAULT_PRODUCERS; slot++) {
                    final io.shmproc.memory.ProcessIdentity owner = consumer.producer(slot);
                    assertTrue(owner == null || owner.pid() != hang.pid(), "the dead producer's slot is freed");
                }
                assertEquals(0, small.waitFor(LONG));
            }
        }
    }

    private static void receiveNumbered(final MessageChannel consumer, final int[] next, final int count)
        throws InterruptedException {
        final MessageHandler check = (buf, o, l) -> {
            assertEquals(ChannelChildren.SMALL_LENGTH, l);
            assertEquals(next[0], buf.getInt(o + 4));
            next[0]++;
        };
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (next[0] < count && System.nanoTime() < deadline) {
            consumer.poll(check, 256, 1, TimeUnit.SECONDS);
        }
    }

    private static void awaitPending(final RingChannel channel, final int bytes) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (channel.ring.producerPosition() - channel.ring.consumerPosition() < bytes
            && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
