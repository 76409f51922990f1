package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;

class ArrayBufferContractTest extends AtomicBufferContract {
    @Override
    AtomicBuffer newBuffer() {
        return ArrayBuffer.wrapping(new byte[CAPACITY + 16], 8, CAPACITY);
    }

    @Test
    void shouldGrowWhenWrittenPastItsEnd() {
        final ArrayBuffer growable = ArrayBuffer.growable(4);
        assertTrue(growable.isExpandable());
        growable.putLong(100, 9);
        assertEquals(9, growable.getLong(100));
        assertTrue(growable.capacity() >= 108);
        growable.putBytes(5000, new byte[] {1});
        assertEquals(1, growable.getByte(5000));
        assertThrows(IndexOutOfBoundsException.class, () -> growable.getLong(growable.capacity()));
    }

    @Test
    void shouldWrapAnotherWindow() {
        final ArrayBuffer view = ArrayBuffer.wrapping(new byte[0]);
        final byte[] bytes = {1, 2, 3, 4};
        view.wrap(bytes, 1, 2);
        assertEquals(2, view.capacity());
        assertEquals(2, view.getByte(0));
        assertThrows(IndexOutOfBoundsException.class, () -> view.getByte(2));
        assertThrows(UnsupportedOperationException.class, () -> ArrayBuffer.growable(1).wrap(bytes));
    }
}
