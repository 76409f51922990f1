package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SPSC and MPSC rings (Agrona's ring buffers) with their consumer position scribbled on: poll raises
 * {@link CorruptRegionException} naming the file and HEAD instead of dropping or garbling an accepted item.
 */
@CrossProcessTest
@Timeout(60)
class RingCorruptionTest {
    private static final int CAPACITY = 64 << 10;
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

    @Test
    void shouldRaiseWhenTheSpscHeadIsUnaligned() throws Exception {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertRaisesAfterScribble(ch, RegionKind.SPSC_CHANNEL, 1);
        }
    }

    @Test
    void shouldRaiseWhenTheMpscHeadIsUnaligned() throws Exception {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertRaisesAfterScribble(ch, RegionKind.MPSC_CHANNEL, options.producers());
        }
    }

    private void assertRaisesAfterScribble(final MessageChannel ch, final RegionKind kind, final int producers)
        throws Exception {
        try (MappedRegion scribbler = MappedRegion.attach(file, kind, ChannelLayout.VERSION)) {
            scribbler.payload().putLongVolatile(ChannelLayout.ringOffset(producers) + CAPACITY
                + RingBufferDescriptor.HEAD_POSITION_OFFSET, 4);
            assertTrue(ch.offer(ArrayBuffer.wrapping(new byte[16]), 0, 16));
            CorruptRegionException e = assertThrows(CorruptRegionException.class, () -> ch.poll((b, o, l) -> { }, 10));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("HEAD"), e.getMessage());
            e = assertThrows(CorruptRegionException.class,
                () -> ch.poll((b, o, l) -> { }, 10, 10, TimeUnit.MILLISECONDS));
            assertTrue(e.getMessage().contains("HEAD"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnOfferWhenTheSpscTailIsUnaligned() {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertOfferRefusedAfterTail(ch, RegionKind.SPSC_CHANNEL, 1, 4);
        }
    }

    @Test
    void shouldRefuseAnOfferWhenTheMpscTailIsUnaligned() {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertOfferRefusedAfterTail(ch, RegionKind.MPSC_CHANNEL, options.producers(), 4);
        }
    }

    @Test
    void shouldRaiseInsteadOfWaitingWhenTheSpscTailIsBeyondHeadPlusCapacity() {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertOfferRefusedAfterTail(ch, RegionKind.SPSC_CHANNEL, 1, CAPACITY + 64);
        }
    }

    @Test
    void shouldRaiseInsteadOfWaitingWhenTheMpscTailIsBeyondHeadPlusCapacity() {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertOfferRefusedAfterTail(ch, RegionKind.MPSC_CHANNEL, options.producers(), CAPACITY + 64);
        }
    }

    @Test
    void shouldRaiseWhenTheSpscTailIsBehindTheHead() throws Exception {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertTailBehindHeadDetected(ch, RegionKind.SPSC_CHANNEL, 1);
        }
    }

    @Test
    void shouldRaiseWhenTheMpscTailIsBehindTheHead() throws Exception {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertTailBehindHeadDetected(ch, RegionKind.MPSC_CHANNEL, options.producers());
        }
    }

    @Test
    void shouldRaiseWhenTheFirstRecordLengthRunsPastTheRing() {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertRecordLengthRejected(ch, RegionKind.SPSC_CHANNEL, 1, 0, CAPACITY * 2);
        }
    }

    @Test
    void shouldRaiseWhenTheFirstRecordLengthIsTooNegative() {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertRecordLengthRejected(ch, RegionKind.MPSC_CHANNEL, options.producers(), 0, -CAPACITY - 8);
        }
    }

    @Test
    void shouldRaiseWhenALaterRecordLengthRunsPastTheRing() {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            // the first record (8-byte header + 16 bytes) ends at 24, a multiple of the 8-byte record alignment
            assertRecordLengthRejected(ch, RegionKind.SPSC_CHANNEL, 1, 24, CAPACITY * 4);
        }
    }

    @Test
    void shouldRaiseWhenALaterRecordLengthIsShorterThanItsHeader() {
        final ChannelOptions options = ChannelOptions.defaults().capacity(CAPACITY);
        try (MpscChannel ch = MpscChannel.create(file, options)) {
            assertRecordLengthRejected(ch, RegionKind.MPSC_CHANNEL, options.producers(), 24, 4);
        }
    }

    @Test
    void shouldRaiseWhenALaterRecordLengthIsLongerThanTheLargestRecord() {
        try (SpscChannel ch = SpscChannel.create(file, ChannelOptions.defaults().capacity(CAPACITY))) {
            assertRecordLengthRejected(ch, RegionKind.SPSC_CHANNEL, 1, 24, CAPACITY - 64);
        }
    }

    private void assertOfferRefusedAfterTail(final MessageChannel ch, final RegionKind kind, final int producers,
                                             final long tail) {
        final ArrayBuffer msg = ArrayBuffer.wrapping(new byte[16]);
        assertTrue(ch.offer(msg, 0, 16));
        assertTrue(ch.poll((b, o, l) -> { }, 10) == 1);
        try (MappedRegion scribbler = MappedRegion.attach(file, kind, ChannelLayout.VERSION)) {
            scribbler.payload().putLongVolatile(ChannelLayout.ringOffset(producers) + CAPACITY
                + RingBufferDescriptor.TAIL_POSITION_OFFSET, tail);
            CorruptRegionException e = assertThrows(CorruptRegionException.class, () -> ch.offer(msg, 0, 16));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("TAIL"), e.getMessage());
            e = assertThrows(CorruptRegionException.class, () -> ch.offer(msg, 0, 16, 10, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("TAIL"), e.getMessage());
            e = assertThrows(CorruptRegionException.class, () -> ch.tryClaim(16));
            assertTrue(e.getMessage().contains("TAIL"), e.getMessage());
        }
    }

    private void assertTailBehindHeadDetected(final MessageChannel ch, final RegionKind kind, final int producers)
        throws Exception {
        final ArrayBuffer msg = ArrayBuffer.wrapping(new byte[16]);
        for (int i = 0; i < 4; i++) {
            assertTrue(ch.offer(msg, 0, 16));
        }
        assertTrue(ch.poll((b, o, l) -> { }, 10) == 4);
        try (MappedRegion scribbler = MappedRegion.attach(file, kind, ChannelLayout.VERSION)) {
            scribbler.payload().putLongVolatile(ChannelLayout.ringOffset(producers) + CAPACITY
                + RingBufferDescriptor.TAIL_POSITION_OFFSET, 32);
            // an offer may still be accepted (the producer's cached head is older), but it is never lost silently
            ch.offer(msg, 0, 16);
            final CorruptRegionException e = assertThrows(CorruptRegionException.class, () -> {
                for (int i = 0; i < 10 * RingChannel.EMPTY_READS_PER_CHECK; i++) {
                    ch.poll((b, o, l) -> { }, 10);
                }
            });
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("TAIL"), e.getMessage());
            assertThrows(CorruptRegionException.class,
                () -> ch.poll((b, o, l) -> { }, 10, 10, TimeUnit.SECONDS));
        }
    }

    private void assertRecordLengthRejected(final MessageChannel ch, final RegionKind kind, final int producers,
                                            final int index, final int length) {
        final ArrayBuffer msg = ArrayBuffer.wrapping(new byte[16]);
        assertTrue(ch.offer(msg, 0, 16));
        assertTrue(ch.offer(msg, 0, 16));
        try (MappedRegion scribbler = MappedRegion.attach(file, kind, ChannelLayout.VERSION)) {
            scribbler.payload().putIntVolatile(ChannelLayout.ringOffset(producers) + index, length);
            final int[] delivered = new int[1];
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> ch.poll((b, o, l) -> delivered[0]++, 10));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("length " + length),
                e.getMessage());
            assertTrue(delivered[0] == index / 24, "delivered " + delivered[0] + " intact records");
        }
    }
}
