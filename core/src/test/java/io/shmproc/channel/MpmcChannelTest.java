package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class MpmcChannelTest {
    private Shmproc mp;
    private Path file;

    @BeforeEach
    void open() {
        mp = Shmproc.open();
        file = mp.directory().resolve("ch");
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private static IdleStrategy idle() {
        return new BackoffIdleStrategy(10, 10, 1_000, 100_000);
    }

    private static long deadlineIn(final long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void shouldDeliverMessagesInOrderAcrossManyWrapsOfTheRing() {
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
            final ArrayBuffer src = ArrayBuffer.wrapping(new byte[100]);
            final List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                final int length = 1 + i % 97;
                src.putInt(0, i);
                assertTrue(ch.offer(src, 0, Math.max(4, length)));
                assertEquals(1, ch.poll((b, o, l) -> got.add(b.getInt(o)), 10));
            }
            assertEquals(1000, got.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, got.get(i));
            }
            assertEquals(1000, ch.writtenCount());
            assertEquals(1000, ch.readCount());
        }
    }

    @Test
    void shouldReturnFalseWhenFullByBytesAndAcceptAgainAfterAPoll() {
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
            final ArrayBuffer src = ArrayBuffer.wrapping(new byte[56]);
            int n = 0;
            while (ch.offer(src, 0, 56)) {
                n++;
            }
            assertEquals(1024 / 64, n);
            assertEquals(1, ch.poll((b, o, l) -> { }, 1));
            assertTrue(ch.offer(src, 0, 56));
            assertFalse(ch.offer(src, 0, 56));
        }
    }

    @Test
    void shouldDeliverAFullRingOnceInOneBatchAndKeepGoing() {
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
            final ArrayBuffer src = ArrayBuffer.wrapping(new byte[8]);
            final List<Long> got = new ArrayList<>();
            long next = 0;
            for (int round = 0; round < 50; round++) {
                while (true) {
                    src.putLong(0, next);
                    if (!ch.offer(src, 0, 8)) {
                        break;
                    }
                    next++;
                }
                while (ch.poll((b, o, l) -> got.add(b.getLong(o)), 1000) > 0) {
                    // the whole ring in batches
                }
                assertEquals(next, got.size(), "round " + round);
            }
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    @Test
    void shouldReturnFalseWhenFullByItems() {
        try (MpmcChannel ch = MpmcChannel.create(file, 4096, 3, 4096)) {
            final ArrayBuffer src = ArrayBuffer.wrapping(new byte[8]);
            assertTrue(ch.offer(src, 0, 8));
            assertTrue(ch.offer(src, 0, 8));
            assertTrue(ch.offer(src, 0, 8));
            assertFalse(ch.offer(src, 0, 8));
            assertEquals(3, ch.size());
            assertEquals(1, ch.poll((b, o, l) -> { }, 1));
            assertTrue(ch.offer(src, 0, 8));
        }
    }

    @Test
    void shouldReassembleAMessageManyTimesLargerThanTheRing() throws Exception {
        try (MpmcChannel ch = MpmcChannel.create(file, 4096, 0, 1 << 20)) {
            final byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31 + 7);
            }
            final byte[][] got = new byte[1][];
            final Thread consumer = new Thread(() -> {
                try {
                    ch.poll((b, o, l) -> {
                        got[0] = new byte[l];
                        b.getBytes(o, got[0]);
                    }, 1, deadlineIn(20_000), idle());
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            consumer.start();
            assertTrue(ch.offer(ArrayBuffer.wrapping(big), 0, big.length, deadlineIn(20_000), idle()));
            consumer.join(20_000);
            assertArrayEquals(big, got[0]);
            assertEquals(0, ch.size());
        }
    }

    @Test
    void shouldLeaveNoTraceWhenATimedOfferOfAFragmentedMessageTimesOut() throws Exception {
        try (MpmcChannel ch = MpmcChannel.create(file, 4096, 0, 1 << 20)) {
            final byte[] big = new byte[100_000];
            assertFalse(ch.offer(ArrayBuffer.wrapping(big), 0, big.length, deadlineIn(100), idle()));
            assertTrue(ch.usedBytes() > 0, "the first fragments were published before the timeout");
            final ArrayBuffer small = ArrayBuffer.wrapping(new byte[] {1, 2, 3});
            final List<Integer> lengths = new ArrayList<>();
            // a consumer drains the abandoned fragments, sees the writer gone and discards them
            assertEquals(0, ch.poll((b, o, l) -> lengths.add(l), 10));
            assertTrue(ch.offer(small, 0, 3, deadlineIn(5_000), idle()));
            assertEquals(1, ch.poll((b, o, l) -> lengths.add(l), 10, deadlineIn(5_000), idle()));
            assertEquals(List.of(3), lengths);
            assertEquals(1, ch.writtenCount());
            assertEquals(0, ch.size());
        }
    }

    @Test
    void shouldPublishAClaimedMessageOnlyOnCommit() {
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
            int at = ch.tryClaim(8);
            assertTrue(at >= 0);
            ch.buffer().putLong(at, 42L);
            assertEquals(0, ch.poll((b, o, l) -> { }, 1), "nothing visible before commit");
            ch.abort(at);
            assertEquals(0, ch.poll((b, o, l) -> { }, 1), "nothing visible after abort");
            at = ch.tryClaim(8);
            ch.buffer().putLong(at, 43L);
            ch.commit(at);
            final long[] got = new long[1];
            assertEquals(1, ch.poll((b, o, l) -> got[0] = b.getLong(o), 1));
            assertEquals(43L, got[0]);
            assertThrows(IllegalStateException.class, () -> ch.commit(12345));
        }
    }

    @Test
    void shouldRejectBadArgumentsWithMessagesNamingThem() {
        final IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
            () -> MpmcChannel.create(file, 1000, 0, 10));
        assertTrue(capacity.getMessage().contains("capacity=1000") && capacity.getMessage().contains("use 1024"),
            capacity.getMessage());
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 100)) {
            final IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ch.offer(ArrayBuffer.wrapping(new byte[200]), 0, 101));
            assertTrue(length.getMessage().contains("length=101"), length.getMessage());
            assertEquals(0, ch.usedBytes());
        }
    }

    @Test
    void shouldPeekWithoutConsuming() {
        try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
            final ArrayBuffer src = ArrayBuffer.wrapping(new byte[4]);
            src.putInt(0, 7);
            ch.offer(src, 0, 4);
            final int[] got = new int[2];
            assertEquals(1, ch.peek((b, o, l) -> got[0] = b.getInt(o)));
            assertEquals(1, ch.poll((b, o, l) -> got[1] = b.getInt(o), 1));
            assertArrayEquals(new int[] {7, 7}, got);
            assertEquals(0, ch.peek((b, o, l) -> { }));
        }
    }
}
