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
public interface SharedDoubleArray extends AutoCloseable, Serializable {
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
    static SharedDoubleArray open(final Path file, final int length) {
        return LocalSharedDoubleArray.open(file, length);
    }

    /**
     * The number of elements.
     *
     * @return the fixed length
     */
    int length();

    /**
     * Reads an element (volatile).
     *
     * @param index the element
     * @return its value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    double get(final int index);

    /**
     * Writes an element (volatile).
     *
     * @param index the element
     * @param value the new value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    void set(final int index, final double value);

    /**
     * Atomically sets an element and returns the old value.
     *
     * @param index the element
     * @param value the new value
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    double getAndSet(final int index, final double value);

    /**
     * Atomically adds to an element and returns the previous value.
     *
     * @param index the element
     * @param delta what to add
     * @return the previous value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    double getAndAdd(final int index, final double delta);

    /**
     * Atomically adds to an element and returns the new value.
     *
     * @param index the element
     * @param delta what to add
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    double addAndGet(final int index, final double delta);

    /**
     * Atomically sets an element if its bits equal the expected value's bits.
     *
     * @param index    the element
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the element was set
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    boolean compareAndSet(final int index, final double expected, final double value);

    /**
     * Atomically replaces an element with a function of it (a CAS loop; the function may run more than once).
     *
     * @param index    the element
     * @param function the update, side-effect free
     * @return the updated value
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    double updateAndGet(final int index, final DoubleUnaryOperator function);

    /**
     * Copies elements out, each read volatile.
     *
     * @param index       the first element
     * @param destination where to copy
     * @param offset      the first position in the destination
     * @param count       how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    void copyTo(final int index, final double[] destination, final int offset, final int count);

    /**
     * Copies elements in, each written volatile.
     *
     * @param source the values
     * @param offset the first position in the source
     * @param index  the first element to write
     * @param count  how many elements
     * @throws IndexOutOfBoundsException when either range is out of bounds
     */
    void copyFrom(final double[] source, final int offset, final int index, final int count);

    /**
     * A copy of every element (see the class comment on consistency).
     *
     * @return a new array of {@link #length()} elements
     */
    double[] toArray();

    /**
     * The lock for compound updates (Python's {@code get_lock()}): shared by every process, non-reentrant,
     * released when its holder dies. {@code newCondition()} is not supported.
     *
     * @return the lock
     */
    Lock lock();

    /**
     * The file behind this array.
     *
     * @return its path
     */
    Path file();

    void close();

    /**
     * Removes the file so no new process can attach; attached processes keep using it.
     *
     * @return {@code true} if this call removed it
     */
    boolean unlink();
}
