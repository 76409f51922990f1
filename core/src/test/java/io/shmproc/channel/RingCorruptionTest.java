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

/**
 * The SPSC and MPSC rings (Agrona's ring buffers) with their consumer position scribbled on: poll raises
 * {@link CorruptRegionException} naming the file and HEAD instead of dropping or garbling an accepted item.
 */
@CrossProcessTest
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
}
