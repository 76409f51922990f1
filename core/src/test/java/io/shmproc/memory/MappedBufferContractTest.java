package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;

class MappedBufferContractTest extends AtomicBufferContract {
    private SharedDirectory dir;
    private MappedRegion region;

    @Override
    AtomicBuffer newBuffer() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        region = MappedRegion.create(dir.resolve("contract"), RegionKind.TEST, 1, CAPACITY + 64, payload -> { });
        return Buffers.slice(region.payload(), 64, CAPACITY);
    }

    @Override
    void dispose() {
        region.close();
        dir.delete();
    }

    @Test
    void shouldThrowClosedExceptionFromEveryAccessAfterClose() {
        final AtomicBuffer payload = region.payload();
        buffer.putLong(0, 1);
        region.close();
        assertThrows(ClosedException.class, () -> buffer.getLong(0));
        assertThrows(ClosedException.class, () -> buffer.getLongVolatile(0));
        assertThrows(ClosedException.class, () -> buffer.putLongRelease(0, 2));
        assertThrows(ClosedException.class, () -> buffer.compareAndSetLong(0, 1, 2));
        assertThrows(ClosedException.class, () -> buffer.getAndAddLong(0, 1));
        assertThrows(ClosedException.class, () -> buffer.getIntVolatile(0));
        assertThrows(ClosedException.class, () -> buffer.getBytes(0, new byte[4]));
        assertThrows(ClosedException.class, () -> buffer.putBytes(0, new byte[4]));
        assertThrows(ClosedException.class, () -> payload.getLong(0));
        assertThrows(ClosedException.class, () -> ((MappedBuffer) payload).slice(0, 8));
        assertTrue(((MappedBuffer) buffer).isClosed());
    }

    /** Java 17 to 23 take the fast path unless it is turned off; Java 24 and later never (JEP 498 warns). */
    @Test
    void shouldTakeTheFastPathExactlyWhereItPrintsNoWarning() {
        final boolean expected = Runtime.version().feature() < UnsafeMemory.FIRST_WARNING_RELEASE
            && !"false".equals(System.getProperty(UnsafeMemory.FAST_PATH_PROPERTY));
        assertEquals(expected, UnsafeMemory.ON, "fast path on Java " + Runtime.version().feature()
            + " with " + UnsafeMemory.FAST_PATH_PROPERTY + "=" + System.getProperty(UnsafeMemory.FAST_PATH_PROPERTY));
    }

    /** Where the fast path is off, Java 22 and later map into arenas, whose close unmaps at once. */
    @Test
    void shouldMapIntoArenasExactlyWhereTheFastPathIsOffOnJava22AndLater() {
        assertEquals(!UnsafeMemory.ON && Runtime.version().feature() >= ArenaMapper.FIRST_RELEASE,
            ArenaMapper.isOn());
    }

    /**
     * Agrona's own buffers copy out of any {@code DirectBuffer} through {@code addressOffset()} when it has no
     * array: on the fast path that is the window's real address; elsewhere a clear refusal.
     */
    @Test
    void shouldExposeItsAddressToAgronaOnTheFastPathOnly() {
        buffer.putLong(16, 0x0102_0304_0506_0708L);
        if (UnsafeMemory.ON) {
            assertEquals(0x0102_0304_0506_0708L, UnsafeMemory.U.getLong(null, buffer.addressOffset() + 16));
            region.close();
            assertThrows(ClosedException.class, () -> buffer.addressOffset());
        } else {
            assertThrows(UnsupportedOperationException.class, () -> buffer.addressOffset());
        }
    }

    @Test
    void shouldShareMemoryBetweenSlices() {
        final AtomicBuffer inner = Buffers.slice(buffer, 128, 64);
        inner.putLongRelease(8, 77);
        assertEquals(77, buffer.getLongVolatile(136));
        assertThrows(IndexOutOfBoundsException.class, () -> inner.getLong(64));
        assertThrows(UnsupportedOperationException.class, () -> buffer.wrap(new byte[8]));
    }
}
