package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A {@code double} in shared memory that every attached process reads and updates atomically (Python's
 * {@code Value('d', 0.0)}).
 *
 * <p>The value is stored as its IEEE-754 bits in a word alone on its cache line. Reads and writes are
 * volatile; {@code getAndAdd}, {@code compareAndSet} (which compares bits, like
 * {@link Double#doubleToRawLongBits}) and {@code updateAndGet} are CAS loops. A process killed in the middle of
 * any of them leaves either the old or the new value. {@link #lock()} guards longer compound updates and is
 * released when its holder dies.
 *
 * <pre>{@code
 * SharedDouble total = mp.sharedDouble("total", 0.0);
 * total.getAndAdd(1.5);
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public interface SharedDouble extends AutoCloseable, Serializable {
    /**
     * Creates the value with an initial value, or attaches to it if the file exists (the initial value is then
     * ignored).
     *
     * @param file    the value's file
     * @param initial the initial value of a new file
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when the file exists but is damaged or holds another type
     */
    static SharedDouble open(final Path file, final double initial) {
        return LocalSharedDouble.open(file, initial);
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    double get();

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    void set(final double value);

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    double getAndSet(final double value);

    /**
     * Atomically adds and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    double getAndAdd(final double delta);

    /**
     * Atomically adds and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    double addAndGet(final double delta);

    /**
     * Atomically sets the value if its bits equal the expected value's bits.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    boolean compareAndSet(final double expected, final double value);

    /**
     * Atomically replaces the value with a function of it (a CAS loop: the function may run more than once).
     *
     * @param function the update, side-effect free
     * @return the updated value
     */
    double updateAndGet(final DoubleUnaryOperator function);

    /**
     * Atomically combines the value with {@code x} (a CAS loop).
     *
     * @param x        the argument
     * @param function the combination, side-effect free
     * @return the updated value
     */
    double accumulateAndGet(final double x, final DoubleBinaryOperator function);

    /**
     * The lock for compound updates (Python's {@code get_lock()}): shared by every process, non-reentrant,
     * released when its holder dies. {@code newCondition()} is not supported.
     *
     * @return the lock
     */
    Lock lock();

    /**
     * The file behind this value.
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
