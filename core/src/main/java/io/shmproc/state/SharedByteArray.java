package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.IntUnaryOperator;

/**
 * A fixed-length array of {@code byte} in shared memory with atomic element operations (Python's
 * {@code Array('b', n)} or a
 * {@code bytearray} in shared memory). Atomic byte operations are CAS loops on the aligned 4-byte word holding
 * the byte.
 *
 * <p>The length is chosen at creation and never changes. Each element operation is atomic on its own; bulk
 * copies ({@link #copyTo}, {@link #copyFrom}, {@link #toArray}) are plain memory copies fenced on one side, so
 * hold {@link #lock()} (in every process that writes) for a consistent snapshot. Bytes are packed:
 * neighbouring elements share a word and a cache line. A process killed in the middle of an element operation
 * leaves that element old or new; the lock is released when its holder dies.
 *
 * <pre>{@code
 * SharedByteArray flags = mp.sharedByteArray("flags", 16);
 * flags.set(3, (byte) 1);
 * byte[] copy = flags.toArray();
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public final class SharedByteArray implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Byte.BYTES;

    private final transient ValueRegion region;

    SharedByteArray(final ValueRegion region) {
        this.region = region;
    }

    /**
     * Creates a zero-filled array, or attaches to it if the file exists with the same length.
     *
     * @param file   the array's file
     * @param length the number of elements, at least 1
     * @return the handle
     * @throws IllegalArgumentException when the length is out of range
     * @throws io.shmproc.exceptions.RegionException when the file exists but is damaged, of another type or
     *                                               of another length
     */
    public static SharedByteArray open(final Path file, final int length) {
        return new SharedByteArray(ValueRegion.createOrAttachArray(file, ValueType.BYTE, length));
    }

    /**
     * The number of elements.
     *
     * @return the fixed length
     */
    public int length() {
        return region.length();
    }

    /**
     * Reads an element (volatile).
     *
     * @param index the element
     * @return its value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte get(final int index) {
        return region.buffer().getByteVolatile(region.checkIndex(index));
    }

    /**
     * Writes an element (volatile).
     *
     * @param index the element
     * @param value the new value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public void set(final int index, final byte value) {
        region.buffer().putByteVolatile(region.checkIndex(index), value);
    }

    /**
     * Atomically sets an element and returns the old value.
     *
     * @param index the element
     * @param value the new value
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte getAndSet(final int index, final byte value) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte current = byteOf(bits, offset);
            if (casByte(offset, bits, value)) {
                return current;
            }
        }
    }

    /**
     * Atomically adds to an element and returns the previous value.
     *
     * @param index the element
     * @param delta what to add
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte getAndAdd(final int index, final byte delta) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte current = byteOf(bits, offset);
            if (casByte(offset, bits, (byte) (current + delta))) {
                return current;
            }
        }
    }

    /**
     * Atomically adds to an element and returns the new value.
     *
     * @param index the element
     * @param delta what to add
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte addAndGet(final int index, final byte delta) {
        return (byte) (getAndAdd(index, delta) + delta);
    }

    /**
     * Atomically adds one to an element.
     *
     * @param index the element
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte incrementAndGet(final int index) {
        return addAndGet(index, (byte) 1);
    }

    /**
     * Atomically sets an element if it equals the expected value.
     *
     * @param index    the element
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the element was set
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public boolean compareAndSet(final int index, final byte expected, final byte value) {
        final int offset = region.checkIndex(index);
        final int word = offset & ~3;
        final int shift = (offset & 3) * 8;
        while (true) {
            final int bits = region.buffer().getIntVolatile(word);
            if ((byte) (bits >>> shift) != expected) {
                return false;
            }
            final int next = (bits & ~(0xFF << shift)) | ((value & 0xFF) << shift);
            if (region.buffer().compareAndSetInt(word, bits, next)) {
                return true;
            }
        }
    }

    /**
     * Atomically replaces an element with a function of it (a CAS loop; the function may run more than once).
     *
     * @param index    the element
     * @param function the update of the element (as an int), side-effect free; truncated to a byte
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public byte updateAndGet(final int index, final IntUnaryOperator function) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte next = (byte) function.applyAsInt(byteOf(bits, offset));
            if (casByte(offset, bits, next)) {
                return next;
            }
        }
    }

    private static byte byteOf(final int bits, final int offset) {
        return (byte) (bits >>> ((offset & 3) * 8));
    }

    /** Replaces the byte at {@code offset} in its 4-byte word, if the word still holds {@code bits}. */
    private boolean casByte(final int offset, final int bits, final byte next) {
        final int shift = (offset & 3) * 8;
        final int replaced = (bits & ~(0xFF << shift)) | ((next & 0xFF) << shift);
        return region.buffer().compareAndSetInt(offset & ~3, bits, replaced);
    }


    /**
     * Copies bytes out after an acquire fence.
     *
     * @param index       the first element
     * @param destination where to copy
     * @param offset      the first position in the destination
     * @param count       how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    public void copyTo(final int index, final byte[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        java.lang.invoke.VarHandle.acquireFence();
        region.buffer().getBytes(ValueLayout.elementOffset(index, SIZE), destination, offset, count);
    }

    /**
     * Copies bytes in, then a release fence.
     *
     * @param source the values
     * @param offset the first position in the source
     * @param index  the first element to write
     * @param count  how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    public void copyFrom(final byte[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        region.buffer().putBytes(ValueLayout.elementOffset(index, SIZE), source, offset, count);
        java.lang.invoke.VarHandle.releaseFence();
    }

    /**
     * A copy of every element (see the class comment on consistency).
     *
     * @return a new array of {@link #length()} elements
     */
    public byte[] toArray() {
        final byte[] copy = new byte[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    /**
     * The lock for compound updates (Python's {@code get_lock()}): shared by every process, non-reentrant,
     * released when its holder dies. {@code newCondition()} is not supported.
     *
     * @return the lock
     */
    public Lock lock() {
        return region.lock();
    }

    /**
     * The file behind this array.
     *
     * @return its path
     */
    public Path file() {
        return region.file();
    }

    /** Releases this process's handle; other processes keep the array. */
    @Override
    public void close() {
        region.close();
    }

    /**
     * Removes the file so no new process can attach; attached processes keep using it.
     *
     * @return {@code true} if this call removed it
     */
    public boolean unlink() {
        return region.unlink();
    }

    /**
     * Replaces this handle by its small serialized form, which re-attaches when deserialized.
     *
     * @return the serialized form
     */
    private Object writeReplace() {
        return region.ref();
    }

    @Override
    public String toString() {
        return region.describeHandle("SharedByteArray", ", length " + length());
    }
}
