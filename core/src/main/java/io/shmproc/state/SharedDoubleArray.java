package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.DoubleUnaryOperator;

/**
 * A fixed-length array of {@code double} in shared memory with atomic element operations (Python's
 * {@code Array('d', n)}). Elements are stored as IEEE-754 bits; add and compare-and-set work on the bits with CAS.
 *
 * <p>The length is chosen at creation and never changes. Each element operation is atomic on its own; bulk
 * copies ({@link #copyTo}, {@link #copyFrom}, {@link #toArray}) are element by element, so hold {@link #lock()}
 * (in every process that writes) for a consistent snapshot. Elements are packed, so neighbouring elements
 * share cache lines: give hot counters their own {@link SharedDouble} instead. A process killed in the middle
 * of an element operation leaves that element old or new; the lock is released when its holder dies.
 *
 * <pre>{@code
 * SharedDoubleArray counts = mp.sharedDoubleArray("counts", 16);
 * counts.incrementAndGet(3);
 * double[] copy = counts.toArray();
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public final class SharedDoubleArray implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Double.BYTES;

    private final transient ValueRegion region;

    SharedDoubleArray(final ValueRegion region) {
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
    public static SharedDoubleArray open(final Path file, final int length) {
        return new SharedDoubleArray(ValueRegion.createOrAttachArray(file, ValueType.DOUBLE, length));
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
    public double get(final int index) {
        return AtomicCells.getDouble(region.buffer(), region.checkIndex(index));
    }

    /**
     * Writes an element (volatile).
     *
     * @param index the element
     * @param value the new value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public void set(final int index, final double value) {
        AtomicCells.setDouble(region.buffer(), region.checkIndex(index), value);
    }

    /**
     * Atomically sets an element and returns the old value.
     *
     * @param index the element
     * @param value the new value
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public double getAndSet(final int index, final double value) {
        return AtomicCells.getAndSetDouble(region.buffer(), region.checkIndex(index), value);
    }

    /**
     * Atomically adds to an element and returns the previous value.
     *
     * @param index the element
     * @param delta what to add
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public double getAndAdd(final int index, final double delta) {
        return AtomicCells.getAndAddDouble(region.buffer(), region.checkIndex(index), delta);
    }

    /**
     * Atomically adds to an element and returns the new value.
     *
     * @param index the element
     * @param delta what to add
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public double addAndGet(final int index, final double delta) {
        return getAndAdd(index, delta) + delta;
    }

    /**
     * Atomically sets an element if its bits equal the expected value's bits.
     *
     * @param index    the element
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the element was set
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public boolean compareAndSet(final int index, final double expected, final double value) {
        return AtomicCells.compareAndSetDouble(region.buffer(), region.checkIndex(index), expected, value);
    }

    /**
     * Atomically replaces an element with a function of it (a CAS loop; the function may run more than once).
     *
     * @param index    the element
     * @param function the update, side-effect free
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public double updateAndGet(final int index, final DoubleUnaryOperator function) {
        return AtomicCells.updateDouble(region.buffer(), region.checkIndex(index), function);
    }

    /**
     * Copies elements out, each read volatile.
     *
     * @param index       the first element
     * @param destination where to copy
     * @param offset      the first position in the destination
     * @param count       how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    public void copyTo(final int index, final double[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        for (int i = 0; i < count; i++) {
            destination[offset + i] = AtomicCells.getDouble(region.buffer(),
                ValueLayout.elementOffset(index + i, SIZE));
        }
    }

    /**
     * Copies elements in, each written volatile.
     *
     * @param source the values
     * @param offset the first position in the source
     * @param index  the first element to write
     * @param count  how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    public void copyFrom(final double[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            AtomicCells.setDouble(region.buffer(), ValueLayout.elementOffset(index + i, SIZE), source[offset + i]);
        }
    }

    /**
     * A copy of every element (see the class comment on consistency).
     *
     * @return a new array of {@link #length()} elements
     */
    public double[] toArray() {
        final double[] copy = new double[length()];
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
        return region.describeHandle("SharedDoubleArray", ", length " + length());
    }
}
