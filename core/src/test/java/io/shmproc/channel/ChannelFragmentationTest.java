package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ChannelFragmentationTest {
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
    void shouldRoundTripA16MiBMessageThroughAOneMiBRing() throws Exception {
        final byte[] message = randomBytes(16 << 20, 1);
        try (SpscChannel producer = SpscChannel.create(dir.resolve("c"), ChannelOptions.defaults());
             SpscChannel consumer = SpscChannel.attach(dir.resolve("c"), ChannelOptions.defaults())) {
            assertTrue(MessageFraming.recordCount(message.length, producer.maxRecordLength()) > 100);
            final AtomicReference<byte[]> received = new AtomicReference<>();
            final Thread reader = new Thread(() -> {
                try {
                    consumer.poll((b, o, l) -> {
                        final byte[] copy = new byte[l];
                        b.getBytes(o, copy);
                        received.set(copy);
                    }, 16, 30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.start();
            assertTrue(producer.offer(ArrayBuffer.wrapping(message), 0, message.length, 30, TimeUnit.SECONDS));
            reader.join(30_000);
            assertArrayEquals(message, received.get());
            assertTrue(consumer.isEmpty());
        }
    }

    @Test
    void shouldRejectMessageLargerThanMaxLengthBeforeWritingAnything() {
        final ChannelOptions options = ChannelOptions.defaults().maxMessageLength(1 << 20);
        try (MpscChannel channel = MpscChannel.create(dir.resolve("m"), options)) {
            final ArrayBuffer big = ArrayBuffer.wrapping(new byte[(1 << 20) + 1]);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> channel.offer(big, 0, big.capacity()));
            assertTrue(e.getMessage().contains("length=1048577") && e.getMessage().contains("1048576"),
                e.getMessage());
            assertTrue(channel.isEmpty(), "nothing may be written");
            assertEquals(0, channel.poll((b, o, l) -> { }, 100));
        }
    }

    @Test
    void shouldAcceptDefaultMaximumOf64MiB() {
        assertEquals(64 << 20, ChannelOptions.defaults().maxMessageLength());
    }

    @Test
    void shouldInterleaveFragmentsOfTwoProducersAndDeliverEachWhole() throws Exception {
        final ChannelOptions options = ChannelOptions.defaults().capacity(64 << 10);
        try (MpscChannel consumer = MpscChannel.create(dir.resolve("m"), options);
             MpscChannel a = MpscChannel.attach(dir.resolve("m"), options);
             MpscChannel b = MpscChannel.attach(dir.resolve("m"), options)) {
            final byte[] big1 = randomBytes(100_000, 2);
            final byte[] big2 = randomBytes(70_000, 3);
            assertTrue(a.offer(ArrayBuffer.wrapping(big1), 0, a.maxRecordLength() + 1), "the smallest fragmented message");
            final List<byte[]> got = new ArrayList<>();
            final MessageHandler collect = (buf, o, l) -> {
                final byte[] copy = new byte[l];
                buf.getBytes(o, copy);
                got.add(copy);
            };
            consumer.poll(collect, 100);
            assertEquals(1, got.size());
            got.clear();
            final Thread t1 = new Thread(() -> write(a, big1));
            final Thread t2 = new Thread(() -> write(b, big2));
            t1.start();
            t2.start();
            while (got.size() < 2) {
                consumer.poll(collect, 1, 10, TimeUnit.SECONDS);
            }
            t1.join();
            t2.join();
            assertTrue(java.util.Arrays.equals(got.get(0), big1) && java.util.Arrays.equals(got.get(1), big2)
                || java.util.Arrays.equals(got.get(0), big2) && java.util.Arrays.equals(got.get(1), big1));
        }
    }

    @Test
    void shouldDropAnUnfinishedMessageWhenTheSlotBeginsAnother() {
        final Reassembler reassembler = new Reassembler(2, 1000);
        final ArrayBuffer record = ArrayBuffer.wrapping(new byte[64]);
        final List<Integer> lengths = new ArrayList<>();
        final MessageHandler handler = (b, o, l) -> lengths.add(l);
        record.putInt(0, 100);
        reassembler.onRecord(MessageFraming.typeId(MessageFraming.BEGIN, 1), record, 0, 58, handler);
        assertTrue(reassembler.isAssembling(1));
        reassembler.onRecord(MessageFraming.typeId(MessageFraming.BEGIN, 1), record, 0, 58, handler);
        reassembler.onRecord(MessageFraming.typeId(MessageFraming.END, 1), record, 0, 50, handler);
        assertEquals(List.of(100), lengths);
        reassembler.onRecord(MessageFraming.typeId(MessageFraming.END, 1), record, 0, 50, handler);
        assertEquals(List.of(100), lengths, "an END without BEGIN is dropped");
        assertEquals(1, reassembler.droppedRecords());
    }

    private static void write(final MessageChannel channel, final byte[] message) {
        try {
            assertTrue(channel.offer(ArrayBuffer.wrapping(message), 0, message.length, 10, TimeUnit.SECONDS));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] randomBytes(final int length, final long seed) {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
