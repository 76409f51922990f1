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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Positions scribbled on in shared memory (by a bug in a process of the same user, through a mapping of its
 * own) make offer and poll raise {@link CorruptRegionException} naming the file and the field, never accept an
 * item that is then lost.
 */
@CrossProcessTest
class MpmcCorruptionTest {
    private static final int CAPACITY = 1024;
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
    void shouldRaiseInsteadOfLosingAnItemWhenHeadIsUnaligned() {
        try (MpmcChannel ch = MpmcChannel.create(file, CAPACITY, 0, 256);
             MappedRegion scribbler = MappedRegion.attach(file, RegionKind.MPMC_CHANNEL, MpmcLayout.VERSION)) {
            scribbler.payload().putLongVolatile(MpmcLayout.HEAD_OFFSET, 4);
            final ArrayBuffer item = ArrayBuffer.wrapping(new byte[16]);
            boolean accepted;
            try {
                accepted = ch.offer(item, 0, 16);
            } catch (final CorruptRegionException e) {
                assertNames(e, "HEAD");
                return;
            }
            assertTrue(accepted);
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> ch.poll((b, o, l) -> { }, 10), "an accepted item must be delivered or the loss reported");
            assertNames(e, "HEAD");
        }
    }

    @Test
    void shouldRaiseWhenTailIsUnaligned() {
        try (MpmcChannel ch = MpmcChannel.create(file, CAPACITY, 0, 256);
             MappedRegion scribbler = MappedRegion.attach(file, RegionKind.MPMC_CHANNEL, MpmcLayout.VERSION)) {
            scribbler.payload().putLongVolatile(MpmcLayout.TAIL_OFFSET, 12);
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> ch.offer(ArrayBuffer.wrapping(new byte[16]), 0, 16));
            assertNames(e, "TAIL");
        }
    }

    @Test
    void shouldRaiseInsteadOfOverwritingWhenHeadIsPastTail() {
        try (MpmcChannel ch = MpmcChannel.create(file, CAPACITY, 0, 256);
             MappedRegion scribbler = MappedRegion.attach(file, RegionKind.MPMC_CHANNEL, MpmcLayout.VERSION)) {
            scribbler.payload().putLongVolatile(MpmcLayout.HEAD_OFFSET, 4 * CAPACITY);
            final ArrayBuffer item = ArrayBuffer.wrapping(new byte[64]);
            final CorruptRegionException e = assertThrows(CorruptRegionException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    ch.offer(item, 0, 64); // a full ring answers false; it must never lap unread items
                }
            });
            assertNames(e, "HEAD");
        }
    }

    private void assertNames(final CorruptRegionException e, final String field) {
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(field), e.getMessage());
    }
}
