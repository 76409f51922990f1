package io.shmproc.memory;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * An {@link AtomicBuffer} over a window of a memory-mapped file, needing no JVM option: every access goes
 * through a {@code static final} {@link MethodHandles#byteBufferViewVarHandle byteBufferViewVarHandle} in native
 * byte order, and byte copies through the mapped buffer's absolute bulk {@code get}/{@code put}.
 *
 * <p><b>Memory order.</b> {@code get/putXxxVolatile} are sequentially consistent, {@code getXxxAcquire} and
 * {@code putXxxRelease} (and Agrona's {@code putXxxOrdered}) are acquire/release, {@code xxxOpaque} are opaque,
 * exactly as {@link VarHandle} defines them; they hold across processes because every process maps the same
 * physical pages. Atomic and ordered accesses need an index aligned to the value's size (shmproc's layouts
 * are); a misaligned one throws {@link IllegalStateException}.
 *
 * <p><b>Closed.</b> Created only by a {@link MappedRegion} (its payload, and {@link #slice slices} of it). When
 * the region closes, every buffer over it switches to an empty buffer before the file is unmapped, so any
 * later access throws {@link ClosedException} instead of touching freed memory (see {@link MappedRegion#close()}
 * for the one narrow window that remains).
 *
 * <p><b>Truncated file.</b> When another process truncates the file under the mapping, an access to a lost page
 * throws {@link CorruptRegionException} naming the file instead of crashing the JVM. Every read-modify-write
 * (compare-and-set, get-and-add, get-and-set) first does a plain read of the same word: the JVM guards plain
 * reads against {@code SIGBUS} in every execution mode, while its native compare-and-set is not guarded.
 *
 * <p>{@code wrap(...)} is not supported: the memory a mapped buffer covers is fixed; use {@link #slice}.
 */
public final class MappedBuffer extends AbstractBuffer {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class,
        ByteOrder.nativeOrder());
    private static final VarHandle CHAR = MethodHandles.byteBufferViewVarHandle(char[].class, ByteOrder.nativeOrder());
    private static final ByteBuffer CLOSED = ByteBuffer.allocateDirect(0);
    private static final byte[] ZEROS = new byte[4096];

    private final Mapping mapping;
    private final int base;
    private final int capacity;
    /** The window of the mapping; {@link #CLOSED} once the mapping is closed. Read plainly on every access. */
    private ByteBuffer bb;

    MappedBuffer(final Mapping mapping, final ByteBuffer window, final int base) {
        this.mapping = mapping;
        this.base = base;
        this.capacity = window.capacity();
        this.bb = window;
    }

    /**
     * A buffer over {@code length} bytes of this one from {@code offset}; it is closed with this one's region.
     *
     * @param offset the first byte, 0 to {@link #capacity()}
     * @param length the number of bytes
     * @return the slice
     * @throws IndexOutOfBoundsException when the window is not inside this buffer
     * @throws ClosedException           when the region is closed
     */
    public MappedBuffer slice(final int offset, final int length) {
        boundsCheck(offset, length);
        return mapping.view(base + offset, length);
    }

    void invalidate() {
        bb = CLOSED;
    }

    /**
     * Whether the region under this buffer was closed.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return mapping.isClosed();
    }

    private RuntimeException failed(final int index, final int length, final RuntimeException e) {
        if (mapping.isClosed()) {
            return new ClosedException(mapping.file() + ": region handle is closed", e);
        }
        if (e instanceof IndexOutOfBoundsException) {
            final IndexOutOfBoundsException out = outOfBounds(index, length);
            out.initCause(e);
            return out;
        }
        return e;
    }

    private CorruptRegionException fault(final InternalError e) {
        return mapping.lost(e);
    }

    /* ------------------------------------------------ plain ------------------------------------------------- */

    @Override
    public long getLong(final int index) {
        try {
            return (long) LONG.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLong(final int index, final long value) {
        try {
            LONG.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getInt(final int index) {
        try {
            return (int) INT.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putInt(final int index, final int value) {
        try {
            INT.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShort(final int index) {
        try {
            return (short) SHORT.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShort(final int index, final short value) {
        try {
            SHORT.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public char getChar(final int index) {
        try {
            return (char) CHAR.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putChar(final int index, final char value) {
        try {
            CHAR.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public byte getByte(final int index) {
        try {
            return bb.get(index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Byte.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putByte(final int index, final byte value) {
        try {
            bb.put(index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Byte.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ long: ordered and atomic ------------------------------ */

    @Override
    public long getLongVolatile(final int index) {
        try {
            return (long) LONG.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongAcquire(final int index) {
        try {
            return (long) LONG.getAcquire(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongOpaque(final int index) {
        try {
            return (long) LONG.getOpaque(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongVolatile(final int index, final long value) {
        try {
            LONG.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongRelease(final int index, final long value) {
        try {
            LONG.setRelease(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongOpaque(final int index, final long value) {
        try {
            LONG.setOpaque(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long addLongRelease(final int index, final long increment) {
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            return (long) LONG.getAndAddRelease(b, index, increment);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long addLongOpaque(final int index, final long increment) {
        final ByteBuffer b = bb;
        try {
            final long value = (long) LONG.getOpaque(b, index);
            LONG.setOpaque(b, index, value + increment);
            return value;
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public boolean compareAndSetLong(final int index, final long expectedValue, final long updateValue) {
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            return LONG.compareAndSet(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long compareAndExchangeLong(final int index, final long expectedValue, final long updateValue) {
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            return (long) LONG.compareAndExchange(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndSetLong(final int index, final long value) {
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            return (long) LONG.getAndSet(b, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndAddLong(final int index, final long delta) {
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            return (long) LONG.getAndAdd(b, index, delta);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ int: ordered and atomic ------------------------------- */

    @Override
    public int getIntVolatile(final int index) {
        try {
            return (int) INT.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntAcquire(final int index) {
        try {
            return (int) INT.getAcquire(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntOpaque(final int index) {
        try {
            return (int) INT.getOpaque(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntVolatile(final int index, final int value) {
        try {
            INT.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntRelease(final int index, final int value) {
        try {
            INT.setRelease(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntOpaque(final int index, final int value) {
        try {
            INT.setOpaque(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int addIntRelease(final int index, final int increment) {
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            return (int) INT.getAndAddRelease(b, index, increment);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int addIntOpaque(final int index, final int increment) {
        final ByteBuffer b = bb;
        try {
            final int value = (int) INT.getOpaque(b, index);
            INT.setOpaque(b, index, value + increment);
            return value;
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expectedValue, final int updateValue) {
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            return INT.compareAndSet(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int compareAndExchangeInt(final int index, final int expectedValue, final int updateValue) {
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            return (int) INT.compareAndExchange(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getAndSetInt(final int index, final int value) {
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            return (int) INT.getAndSet(b, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getAndAddInt(final int index, final int delta) {
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            return (int) INT.getAndAdd(b, index, delta);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ short, char, byte: volatile --------------------------- */

    @Override
    public short getShortVolatile(final int index) {
        try {
            return (short) SHORT.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShortVolatile(final int index, final short value) {
        try {
            SHORT.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public char getCharVolatile(final int index) {
        try {
            return (char) CHAR.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putCharVolatile(final int index, final char value) {
        try {
            CHAR.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ bytes ------------------------------------------------- */

    @Override
    public void getBytes(final int index, final byte[] dst, final int offset, final int length) {
        try {
            bb.get(index, dst, offset, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dstBuffer, final int dstOffset, final int length) {
        try {
            dstBuffer.put(dstOffset, bb, index, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final byte[] src, final int offset, final int length) {
        try {
            bb.put(index, src, offset, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final ByteBuffer srcBuffer, final int srcIndex, final int length) {
        try {
            bb.put(index, srcBuffer, srcIndex, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final DirectBuffer srcBuffer, final int srcIndex, final int length) {
        if (srcBuffer instanceof ArrayBuffer) {
            final ArrayBuffer src = (ArrayBuffer) srcBuffer;
            src.boundsCheck(srcIndex, length);
            putBytes(index, src.byteArray(), src.wrapAdjustment() + srcIndex, length);
        } else if (srcBuffer instanceof MappedBuffer) {
            final MappedBuffer src = (MappedBuffer) srcBuffer;
            try {
                bb.put(index, src.bb, srcIndex, length);
            } catch (final IndexOutOfBoundsException e) {
                if (src.isClosed()) {
                    throw new ClosedException(src.mapping.file() + ": region handle is closed", e);
                }
                throw failed(index, length, e);
            } catch (final InternalError e) {
                throw fault(e);
            }
        } else {
            putBytesFromForeign(index, srcBuffer, srcIndex, length);
        }
    }

    @Override
    public void setMemory(final int index, final int length, final byte value) {
        boundsCheck(index, length);
        final byte[] pattern;
        if (value == 0) {
            pattern = ZEROS;
        } else {
            pattern = new byte[Math.min(length, ZEROS.length)];
            java.util.Arrays.fill(pattern, value);
        }
        int done = 0;
        while (done < length) {
            final int chunk = Math.min(pattern.length, length - done);
            putBytes(index + done, pattern, 0, chunk);
            done += chunk;
        }
    }

    /* ------------------------------------------------ identity and wrapping --------------------------------- */

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void verifyAlignment() {
        final ByteBuffer b = bb;
        if (b.capacity() > 0 && b.alignmentOffset(0, ALIGNMENT) != 0) {
            throw new IllegalStateException("a MappedBuffer at offset " + base + " of " + mapping.file()
                + " is not " + ALIGNMENT + "-byte aligned");
        }
    }

    @Override
    public boolean isExpandable() {
        return false;
    }

    /**
     * Not known to this buffer: the mapping's address is not read (that would need a JVM option).
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public long addressOffset() {
        throw new UnsupportedOperationException("a MappedBuffer does not expose its address; use byteBuffer()");
    }

    @Override
    public byte[] byteArray() {
        return null;
    }

    @Override
    public ByteBuffer byteBuffer() {
        return bb;
    }

    @Override
    public int wrapAdjustment() {
        return 0;
    }

    @Override
    public void wrap(final byte[] buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final byte[] buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final ByteBuffer buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final DirectBuffer buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final long address, final int length) {
        throw fixed();
    }

    private static UnsupportedOperationException fixed() {
        return new UnsupportedOperationException("a MappedBuffer covers a fixed window of a mapped file; use slice()");
    }

    @Override
    public String toString() {
        return "MappedBuffer[" + mapping.file() + ", offset " + base + ", capacity " + capacity
            + (mapping.isClosed() ? ", closed" : "") + "]";
    }
}
