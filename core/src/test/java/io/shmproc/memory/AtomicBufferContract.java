package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link AtomicBuffer} methods shmproc and Agrona's ring buffers use, written once and run against each of
 * shmproc's buffers ({@link MappedBufferContractTest}, {@link ArrayBufferContractTest}). Each buffer under test
 * has {@link #CAPACITY} bytes, zeroed, and is 8-byte aligned.
 */
abstract class AtomicBufferContract {
    static final int CAPACITY = 4096;

    AtomicBuffer buffer;

    /** A fresh zeroed buffer of {@link #CAPACITY} bytes. */
    abstract AtomicBuffer newBuffer();

    /** Releases what {@link #newBuffer()} made. */
    void dispose() {
    }

    @BeforeEach
    void setUpBuffer() {
        buffer = newBuffer();
    }

    @AfterEach
    void tearDownBuffer() {
        dispose();
    }

    @Test
    void shouldStartZeroedWithItsCapacity() {
        assertEquals(CAPACITY, buffer.capacity());
        for (int i = 0; i < CAPACITY; i += Long.BYTES) {
            assertEquals(0L, buffer.getLong(i));
        }
    }

    @Test
    void shouldPutAndGetEveryWidthInNativeOrder() {
        buffer.putLong(0, 0x0102030405060708L);
        buffer.putInt(8, 0x0A0B0C0D);
        buffer.putShort(12, (short) 0x1122);
        buffer.putChar(14, 'λ');
        buffer.putByte(16, (byte) -5);
        buffer.putDouble(24, Math.PI);
        buffer.putFloat(32, 2.5f);
        assertEquals(0x0102030405060708L, buffer.getLong(0));
        assertEquals(0x0A0B0C0D, buffer.getInt(8));
        assertEquals((short) 0x1122, buffer.getShort(12));
        assertEquals('λ', buffer.getChar(14));
        assertEquals((byte) -5, buffer.getByte(16));
        assertEquals(Math.PI, buffer.getDouble(24));
        assertEquals(2.5f, buffer.getFloat(32));
        final byte[] raw = new byte[8];
        buffer.getBytes(0, raw);
        assertEquals(0x0102030405060708L, ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).getLong(0),
            "native byte order, as Agrona's buffers");
    }

    @Test
    void shouldPutAndGetUnalignedPlainValues() {
        buffer.putLong(3, -2L);
        buffer.putInt(13, 77);
        buffer.putShort(19, (short) -3);
        assertEquals(-2L, buffer.getLong(3));
        assertEquals(77, buffer.getInt(13));
        assertEquals((short) -3, buffer.getShort(19));
    }

    @Test
    void shouldHonourAnExplicitByteOrder() {
        final ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
            : ByteOrder.LITTLE_ENDIAN;
        buffer.putLong(0, 0x0102030405060708L, other);
        assertEquals(Long.reverseBytes(0x0102030405060708L), buffer.getLong(0));
        assertEquals(0x0102030405060708L, buffer.getLong(0, other));
        buffer.putInt(8, 0x01020304, other);
        assertEquals(0x01020304, buffer.getInt(8, other));
        assertEquals(Integer.reverseBytes(0x01020304), buffer.getInt(8, ByteOrder.nativeOrder()));
        buffer.putShort(12, (short) 0x0102, other);
        assertEquals((short) 0x0102, buffer.getShort(12, other));
        buffer.putChar(14, 'x', other);
        assertEquals('x', buffer.getChar(14, other));
        buffer.putDouble(16, 1.25, other);
        assertEquals(1.25, buffer.getDouble(16, other));
        buffer.putFloat(24, -1.5f, other);
        assertEquals(-1.5f, buffer.getFloat(24, other));
    }

    @Test
    void shouldReadAndWriteWithEveryMemoryOrder() {
        buffer.putLongVolatile(0, 1);
        assertEquals(1, buffer.getLongVolatile(0));
        buffer.putLongRelease(8, 2);
        assertEquals(2, buffer.getLongAcquire(8));
        buffer.putLongOrdered(16, 3);
        assertEquals(3, buffer.getLongVolatile(16));
        buffer.putLongOpaque(24, 4);
        assertEquals(4, buffer.getLongOpaque(24));
        buffer.putIntVolatile(32, 5);
        assertEquals(5, buffer.getIntVolatile(32));
        buffer.putIntRelease(36, 6);
        assertEquals(6, buffer.getIntAcquire(36));
        buffer.putIntOrdered(40, 7);
        assertEquals(7, buffer.getIntVolatile(40));
        buffer.putIntOpaque(44, 8);
        assertEquals(8, buffer.getIntOpaque(44));
        buffer.putShortVolatile(48, (short) 9);
        assertEquals((short) 9, buffer.getShortVolatile(48));
        buffer.putCharVolatile(50, 'c');
        assertEquals('c', buffer.getCharVolatile(50));
        buffer.putByteVolatile(52, (byte) 11);
        assertEquals((byte) 11, buffer.getByteVolatile(52));
    }

    @Test
    void shouldCompareAndSetOnlyWhenExpected() {
        buffer.putLong(0, 10);
        assertFalse(buffer.compareAndSetLong(0, 11, 12));
        assertEquals(10, buffer.getLong(0));
        assertTrue(buffer.compareAndSetLong(0, 10, 12));
        assertEquals(12, buffer.getLong(0));
        assertEquals(12, buffer.compareAndExchangeLong(0, 99, 13));
        assertEquals(12, buffer.compareAndExchangeLong(0, 12, 13));
        assertEquals(13, buffer.getLong(0));
        buffer.putInt(8, 20);
        assertFalse(buffer.compareAndSetInt(8, 21, 22));
        assertTrue(buffer.compareAndSetInt(8, 20, 22));
        assertEquals(22, buffer.compareAndExchangeInt(8, 22, 23));
        assertEquals(23, buffer.getInt(8));
    }

    @Test
    void shouldAddAndSwapAtomically() {
        assertEquals(0, buffer.getAndAddLong(0, 5));
        assertEquals(5, buffer.getAndAddLong(0, -2));
        assertEquals(3, buffer.getAndSetLong(0, 100));
        assertEquals(100, buffer.addLongOrdered(0, 1));
        assertEquals(101, buffer.addLongRelease(0, 1));
        assertEquals(102, buffer.addLongOpaque(0, 1));
        assertEquals(103, buffer.getLong(0));
        assertEquals(0, buffer.getAndAddInt(8, 5));
        assertEquals(5, buffer.getAndSetInt(8, 50));
        assertEquals(50, buffer.addIntOrdered(8, 1));
        assertEquals(51, buffer.addIntRelease(8, 1));
        assertEquals(52, buffer.addIntOpaque(8, 1));
        assertEquals(53, buffer.getInt(8));
    }

    @Test
    void shouldCountExactlyUnderContention() throws InterruptedException {
        final int threads = 4;
        final int each = 20_000;
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Thread worker = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    buffer.getAndAddLong(64, 1);
                    long v;
                    do {
                        v = buffer.getIntVolatile(128);
                    } while (!buffer.compareAndSetInt(128, (int) v, (int) v + 1));
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers) {
            worker.join();
        }
        assertEquals((long) threads * each, buffer.getLongVolatile(64));
        assertEquals(threads * each, buffer.getIntVolatile(128));
    }

    @Test
    void shouldRejectMisalignedAtomicAccess() {
        assertThrows(IllegalStateException.class, () -> buffer.getLongVolatile(4));
        assertThrows(IllegalStateException.class, () -> buffer.compareAndSetLong(12, 0, 1));
        assertThrows(IllegalStateException.class, () -> buffer.getAndAddInt(2, 1));
    }

    @Test
    void shouldCopyBytesToAndFromArraysBuffersAndByteBuffers() {
        final byte[] src = new byte[100];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 3);
        }
        buffer.putBytes(10, src, 5, 90);
        final byte[] back = new byte[90];
        buffer.getBytes(10, back, 0, 90);
        for (int i = 0; i < 90; i++) {
            assertEquals(src[i + 5], back[i]);
        }
        final ArrayBuffer heap = ArrayBuffer.wrapping(new byte[200]);
        buffer.getBytes(10, heap, 1, 90);
        assertEquals(src[5], heap.getByte(1));
        assertEquals(src[94], heap.getByte(90));
        buffer.putBytes(1000, heap, 1, 90);
        assertEquals(src[5], buffer.getByte(1000));
        buffer.putBytes(2000, buffer, 1000, 90);
        assertEquals(src[94], buffer.getByte(2089));
        final ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(3, (byte) 42);
        buffer.putBytes(3000, direct, 3, 1);
        assertEquals(42, buffer.getByte(3000));
        final ByteBuffer out = ByteBuffer.allocate(16);
        buffer.getBytes(3000, out, 7, 1);
        assertEquals(42, out.get(7));
        buffer.putBytes(3100, new byte[] {1, 2, 3});
        final byte[] three = new byte[3];
        buffer.getBytes(3100, three);
        assertArrayEquals(new byte[] {1, 2, 3}, three);
    }

    @Test
    void shouldCopyFromAgronasOffHeapBuffers() throws ReflectiveOperationException {
        // Agrona 2.x's buffers need jdk.internal.misc: exported at run time as the cluster backend does
        final java.lang.reflect.Method export = Class.forName("io.shmproc.cluster.JdkInternalMisc")
            .getDeclaredMethod("ensureExported");
        export.setAccessible(true);
        export.invoke(null);
        final ByteBuffer direct = ByteBuffer.allocateDirect(512);
        for (int i = 0; i < 512; i++) {
            direct.put(i, (byte) (i * 7));
        }
        final UnsafeBuffer whole = new UnsafeBuffer(direct);
        buffer.putBytes(100, whole, 3, 300);
        final UnsafeBuffer part = new UnsafeBuffer(direct, 64, 256);
        buffer.putBytes(1000, part, 2, 200);
        final UnsafeBuffer address = new UnsafeBuffer(whole.addressOffset() + 128, 128);
        buffer.putBytes(2000, address, 1, 100);
        final ExpandableDirectByteBuffer expandable = new ExpandableDirectByteBuffer(64);
        expandable.putBytes(0, whole, 10, 64);
        buffer.putBytes(3000, expandable, 0, 64);
        for (int i = 0; i < 300; i++) {
            assertEquals((byte) ((i + 3) * 7), buffer.getByte(100 + i), "whole, byte " + i);
        }
        for (int i = 0; i < 200; i++) {
            assertEquals((byte) ((i + 66) * 7), buffer.getByte(1000 + i), "slice, byte " + i);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals((byte) ((i + 129) * 7), buffer.getByte(2000 + i), "address, byte " + i);
        }
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) ((i + 10) * 7), buffer.getByte(3000 + i), "expandable, byte " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(0, part, 200, 100),
            "past the source's end");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(CAPACITY - 10, whole, 0, 11),
            "past this buffer's end");
    }

    @Test
    void shouldSetMemory() {
        buffer.setMemory(0, CAPACITY, (byte) 7);
        assertEquals(0x0707070707070707L, buffer.getLong(CAPACITY - 8));
        buffer.setMemory(8, 10, (byte) 0);
        assertEquals(0L, buffer.getLong(8));
        assertEquals((byte) 7, buffer.getByte(18));
    }

    @Test
    void shouldRejectAccessOutsideItsBounds() {
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getLong(CAPACITY - 7));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putInt(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getByte(CAPACITY));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getLongVolatile(CAPACITY));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.compareAndSetLong(CAPACITY, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getAndAddInt(CAPACITY, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.putBytes(CAPACITY - 2, new byte[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getBytes(CAPACITY - 2, new byte[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.boundsCheck(CAPACITY - 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.setMemory(CAPACITY - 2, 3, (byte) 0));
        assertEquals(0L, buffer.getLong(CAPACITY - 8), "the last word is inside");
    }

    @Test
    void shouldWriteAndReadStrings() {
        assertEquals(4 + 5, buffer.putStringAscii(0, "hello"));
        assertEquals("hello", buffer.getStringAscii(0));
        assertEquals(4 + 4, buffer.putStringUtf8(100, "né✓".substring(0, 2) + "x"));
        assertEquals("néx", buffer.getStringUtf8(100));
        assertEquals(3, buffer.putStringWithoutLengthAscii(200, "abc"));
        assertEquals("abc", buffer.getStringWithoutLengthAscii(200, 3));
        assertEquals(3, buffer.putIntAscii(300, -42));
        assertEquals(-42, buffer.parseIntAscii(300, 3));
    }

    @Test
    void shouldCarryAgronaRingBuffers() {
        final int ringLength = 1024 + RingBufferDescriptor.TRAILER_LENGTH;
        for (final RingBuffer ring : List.of(new OneToOneRingBuffer(Buffers.slice(buffer, 0, ringLength)),
            new ManyToOneRingBuffer(Buffers.slice(buffer, 2048, ringLength)))) {
            final ArrayBuffer message = ArrayBuffer.wrapping(new byte[] {1, 2, 3, 4, 5});
            for (int i = 0; i < 500; i++) {
                assertTrue(ring.write(7, message, 0, 5));
                final int[] seen = new int[1];
                assertEquals(1, ring.read((type, src, index, length) -> {
                    assertEquals(7, type);
                    assertEquals(5, length);
                    assertEquals(5, src.getByte(index + 4));
                    seen[0]++;
                }));
                assertEquals(1, seen[0]);
            }
        }
    }
}
