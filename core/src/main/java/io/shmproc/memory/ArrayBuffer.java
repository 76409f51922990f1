package io.shmproc.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * An {@link AtomicBuffer} over a {@code byte[]} (or a window of one), needing no JVM option: accesses go through
 * {@code static final} {@link MethodHandles#byteArrayViewVarHandle byteArrayViewVarHandle}s in native byte
 * order. It serves as scratch space for encoding and decoding (it replaces Agrona's {@code UnsafeBuffer} over
 * arrays and {@code ExpandableArrayBuffer}).
 *
 * <p>A {@linkplain #growable growable} buffer grows its array when a write goes past its capacity (like
 * {@code ExpandableArrayBuffer}); a {@linkplain #wrapping wrapping} one has the fixed window it was given and can
 * be re-pointed with {@code wrap(...)}. Not thread-safe, as any scratch buffer: the atomic methods are there to
 * honour the interface (and work, on the array), not to share the buffer.
 */
public final class ArrayBuffer extends AbstractBuffer {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
        ByteOrder.nativeOrder());
    private static final VarHandle CHAR = MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.nativeOrder());
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final boolean growable;
    private byte[] array;
    private int offset;
    private int capacity;

    private ArrayBuffer(final byte[] array, final int offset, final int capacity, final boolean growable) {
        this.array = array;
        this.offset = offset;
        this.capacity = capacity;
        this.growable = growable;
    }

    /**
     * A buffer over all of {@code array}.
     *
     * @param array the bytes, shared, not copied
     * @return the buffer
     */
    public static ArrayBuffer wrapping(final byte[] array) {
        return new ArrayBuffer(array, 0, array.length, false);
    }

    /**
     * A buffer over {@code length} bytes of {@code array} from {@code offset}.
     *
     * @param array  the bytes, shared, not copied
     * @param offset the first byte
     * @param length the number of bytes
     * @return the buffer
     * @throws IndexOutOfBoundsException when the window is not inside the array
     */
    public static ArrayBuffer wrapping(final byte[] array, final int offset, final int length) {
        checkWindow(array.length, offset, length);
        return new ArrayBuffer(array, offset, length, false);
    }

    /**
     * A buffer over a new array of {@code initialCapacity} bytes that grows when written past its end.
     *
     * @param initialCapacity the first array's length
     * @return the buffer
     */
    public static ArrayBuffer growable(final int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity=" + initialCapacity + " is negative");
        }
        return new ArrayBuffer(new byte[initialCapacity], 0, initialCapacity, true);
    }

    private static void checkWindow(final int arrayLength, final int offset, final int length) {
        if (offset < 0 || length < 0 || (long) offset + length > arrayLength) {
            throw new IndexOutOfBoundsException("offset=" + offset + ", length=" + length
                + " is outside an array of length " + arrayLength);
        }
    }

    private int read(final int index, final int length) {
        if (index < 0 || index > capacity - length) {
            throw outOfBounds(index, length);
        }
        return offset + index;
    }

    private int write(final int index, final int length) {
        if (index < 0 || index > capacity - length) {
            if (!growable || index < 0 || length < 0) {
                throw outOfBounds(index, length);
            }
            grow((long) index + length);
        }
        return offset + index;
    }

    private void grow(final long required) {
        if (required > MAX_ARRAY_LENGTH) {
            throw new IndexOutOfBoundsException("a growable buffer cannot hold " + required + " bytes");
        }
        long next = Math.max(capacity, 64);
        while (next < required) {
            next += next >> 1;
        }
        final int length = (int) Math.min(next, MAX_ARRAY_LENGTH);
        array = Arrays.copyOf(array, length);
        capacity = length;
    }

    /**
     * Makes room for {@code length} bytes at {@code index} (a growable buffer grows; a fixed one checks).
     *
     * @param index  the first byte
     * @param length the number of bytes
     */
    public void ensureCapacity(final int index, final int length) {
        write(index, length);
    }

    /* ------------------------------------------------ plain ------------------------------------------------- */

    @Override
    public long getLong(final int index) {
        return (long) LONG.get(array, read(index, Long.BYTES));
    }

    @Override
    public void putLong(final int index, final long value) {
        final int i = write(index, Long.BYTES);
        LONG.set(array, i, value);
    }

    @Override
    public int getInt(final int index) {
        return (int) INT.get(array, read(index, Integer.BYTES));
    }

    @Override
    public void putInt(final int index, final int value) {
        final int i = write(index, Integer.BYTES);
        INT.set(array, i, value);
    }

    @Override
    public short getShort(final int index) {
        return (short) SHORT.get(array, read(index, Short.BYTES));
    }

    @Override
    public void putShort(final int index, final short value) {
        final int i = write(index, Short.BYTES);
        SHORT.set(array, i, value);
    }

    @Override
    public char getChar(final int index) {
        return (char) CHAR.get(array, read(index, Character.BYTES));
    }

    @Override
    public void putChar(final int index, final char value) {
        final int i = write(index, Character.BYTES);
        CHAR.set(array, i, value);
    }

    @Override
    public byte getByte(final int index) {
        return array[read(index, Byte.BYTES)];
    }

    @Override
    public void putByte(final int index, final byte value) {
        final int i = write(index, Byte.BYTES);
        array[i] = value;
    }

    /* ------------------------------------------------ long: ordered and atomic ------------------------------ */

    @Override
    public long getLongVolatile(final int index) {
        return (long) LONG.getVolatile(array, read(index, Long.BYTES));
    }

    @Override
    public long getLongAcquire(final int index) {
        return (long) LONG.getAcquire(array, read(index, Long.BYTES));
    }

    @Override
    public long getLongOpaque(final int index) {
        return (long) LONG.getOpaque(array, read(index, Long.BYTES));
    }

    @Override
    public void putLongVolatile(final int index, final long value) {
        final int i = write(index, Long.BYTES);
        LONG.setVolatile(array, i, value);
    }

    @Override
    public void putLongRelease(final int index, final long value) {
        final int i = write(index, Long.BYTES);
        LONG.setRelease(array, i, value);
    }

    @Override
    public void putLongOpaque(final int index, final long value) {
        final int i = write(index, Long.BYTES);
        LONG.setOpaque(array, i, value);
    }

    @Override
    public long addLongRelease(final int index, final long increment) {
        return (long) LONG.getAndAddRelease(array, read(index, Long.BYTES), increment);
    }

    @Override
    public long addLongOpaque(final int index, final long increment) {
        final int i = read(index, Long.BYTES);
        final long value = (long) LONG.getOpaque(array, i);
        LONG.setOpaque(array, i, value + increment);
        return value;
    }

    @Override
    public boolean compareAndSetLong(final int index, final long expectedValue, final long updateValue) {
        return LONG.compareAndSet(array, read(index, Long.BYTES), expectedValue, updateValue);
    }

    @Override
    public long compareAndExchangeLong(final int index, final long expectedValue, final long updateValue) {
        return (long) LONG.compareAndExchange(array, read(index, Long.BYTES), expectedValue, updateValue);
    }

    @Override
    public long getAndSetLong(final int index, final long value) {
        return (long) LONG.getAndSet(array, read(index, Long.BYTES), value);
    }

    @Override
    public long getAndAddLong(final int index, final long delta) {
        return (long) LONG.getAndAdd(array, read(index, Long.BYTES), delta);
    }

    /* ------------------------------------------------ int: ordered and atomic ------------------------------- */

    @Override
    public int getIntVolatile(final int index) {
        return (int) INT.getVolatile(array, read(index, Integer.BYTES));
    }

    @Override
    public int getIntAcquire(final int index) {
        return (int) INT.getAcquire(array, read(index, Integer.BYTES));
    }

    @Override
    public int getIntOpaque(final int index) {
        return (int) INT.getOpaque(array, read(index, Integer.BYTES));
    }

    @Override
    public void putIntVolatile(final int index, final int value) {
        final int i = write(index, Integer.BYTES);
        INT.setVolatile(array, i, value);
    }

    @Override
    public void putIntRelease(final int index, final int value) {
        final int i = write(index, Integer.BYTES);
        INT.setRelease(array, i, value);
    }

    @Override
    public void putIntOpaque(final int index, final int value) {
        final int i = write(index, Integer.BYTES);
        INT.setOpaque(array, i, value);
    }

    @Override
    public int addIntRelease(final int index, final int increment) {
        return (int) INT.getAndAddRelease(array, read(index, Integer.BYTES), increment);
    }

    @Override
    public int addIntOpaque(final int index, final int increment) {
        final int i = read(index, Integer.BYTES);
        final int value = (int) INT.getOpaque(array, i);
        INT.setOpaque(array, i, value + increment);
        return value;
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expectedValue, final int updateValue) {
        return INT.compareAndSet(array, read(index, Integer.BYTES), expectedValue, updateValue);
    }

    @Override
    public int compareAndExchangeInt(final int index, final int expectedValue, final int updateValue) {
        return (int) INT.compareAndExchange(array, read(index, Integer.BYTES), expectedValue, updateValue);
    }

    @Override
    public int getAndSetInt(final int index, final int value) {
        return (int) INT.getAndSet(array, read(index, Integer.BYTES), value);
    }

    @Override
    public int getAndAddInt(final int index, final int delta) {
        return (int) INT.getAndAdd(array, read(index, Integer.BYTES), delta);
    }

    /* ------------------------------------------------ short, char, byte: volatile --------------------------- */

    @Override
    public short getShortVolatile(final int index) {
        return (short) SHORT.getVolatile(array, read(index, Short.BYTES));
    }

    @Override
    public void putShortVolatile(final int index, final short value) {
        final int i = write(index, Short.BYTES);
        SHORT.setVolatile(array, i, value);
    }

    @Override
    public char getCharVolatile(final int index) {
        return (char) CHAR.getVolatile(array, read(index, Character.BYTES));
    }

    @Override
    public void putCharVolatile(final int index, final char value) {
        final int i = write(index, Character.BYTES);
        CHAR.setVolatile(array, i, value);
    }

    /* ------------------------------------------------ bytes ------------------------------------------------- */

    @Override
    public void getBytes(final int index, final byte[] dst, final int dstOffset, final int length) {
        checkWindow(dst.length, dstOffset, length);
        System.arraycopy(array, read(index, length), dst, dstOffset, length);
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dstBuffer, final int dstOffset, final int length) {
        dstBuffer.put(dstOffset, array, read(index, length), length);
    }

    @Override
    public void putBytes(final int index, final byte[] src, final int srcOffset, final int length) {
        checkWindow(src.length, srcOffset, length);
        final int at = write(index, length);
        System.arraycopy(src, srcOffset, array, at, length);
    }

    @Override
    public void putBytes(final int index, final ByteBuffer srcBuffer, final int srcIndex, final int length) {
        final int at = write(index, length);
        srcBuffer.get(srcIndex, array, at, length);
    }

    @Override
    public void putBytes(final int index, final DirectBuffer srcBuffer, final int srcIndex, final int length) {
        if (srcBuffer instanceof ArrayBuffer) {
            final ArrayBuffer src = (ArrayBuffer) srcBuffer;
            final int from = src.read(srcIndex, length);
            final int at = write(index, length);
            System.arraycopy(src.array, from, array, at, length);
        } else if (srcBuffer instanceof MappedBuffer) {
            final int at = write(index, length);
            srcBuffer.getBytes(srcIndex, array, at, length);
        } else {
            if (length > 0) {
                write(index, length);
            }
            putBytesFromForeign(index, srcBuffer, srcIndex, length);
        }
    }

    @Override
    public void setMemory(final int index, final int length, final byte value) {
        final int at = write(index, length);
        Arrays.fill(array, at, at + length, value);
    }

    /* ------------------------------------------------ identity and wrapping --------------------------------- */

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void checkLimit(final int limit) {
        if (limit > capacity) {
            if (!growable) {
                throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + capacity);
            }
            grow(limit);
        }
    }

    @Override
    public void verifyAlignment() {
        // arrays are addressed through a view that the JVM aligns to the array's base; nothing to verify
    }

    @Override
    public boolean isExpandable() {
        return growable;
    }

    /**
     * The index of this buffer's first byte in {@link #byteArray()} (Agrona's buffers return a raw address
     * here; shmproc never reads raw addresses).
     *
     * @return the offset into the array
     */
    @Override
    public long addressOffset() {
        return offset;
    }

    @Override
    public byte[] byteArray() {
        return array;
    }

    @Override
    public ByteBuffer byteBuffer() {
        return null;
    }

    @Override
    public int wrapAdjustment() {
        return offset;
    }

    @Override
    public void wrap(final byte[] buffer) {
        wrap(buffer, 0, buffer.length);
    }

    @Override
    public void wrap(final byte[] buffer, final int wrapOffset, final int length) {
        if (growable) {
            throw new UnsupportedOperationException("a growable ArrayBuffer owns its array; it cannot wrap another");
        }
        checkWindow(buffer.length, wrapOffset, length);
        array = buffer;
        offset = wrapOffset;
        capacity = length;
    }

    @Override
    public void wrap(final ByteBuffer buffer) {
        wrap(buffer, 0, buffer.capacity());
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int wrapOffset, final int length) {
        if (!buffer.hasArray()) {
            throw new UnsupportedOperationException("an ArrayBuffer wraps only heap byte buffers");
        }
        wrap(buffer.array(), buffer.arrayOffset() + wrapOffset, length);
    }

    @Override
    public void wrap(final DirectBuffer buffer) {
        wrap(buffer, 0, buffer.capacity());
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int wrapOffset, final int length) {
        final byte[] bytes = buffer.byteArray();
        if (bytes == null) {
            throw new UnsupportedOperationException("an ArrayBuffer wraps only buffers over arrays");
        }
        buffer.boundsCheck(wrapOffset, length);
        wrap(bytes, buffer.wrapAdjustment() + wrapOffset, length);
    }

    @Override
    public void wrap(final long address, final int length) {
        throw new UnsupportedOperationException("an ArrayBuffer wraps arrays, not raw addresses");
    }

    /**
     * Points this buffer at an empty array (a wrapping buffer only), so it holds no caller's bytes.
     */
    public void clear() {
        wrap(EMPTY);
    }

    @Override
    public String toString() {
        return "ArrayBuffer[" + (growable ? "growable, " : "") + "offset " + offset + ", capacity " + capacity + "]";
    }
}
