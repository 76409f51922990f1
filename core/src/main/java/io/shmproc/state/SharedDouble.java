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
public final class SharedDouble implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    SharedDouble(final ValueRegion region) {
        this.region = region;
    }

    /**
     * Creates the value with an initial value, or attaches to it if the file exists (the initial value is then
     * ignored).
     *
     * @param file    the value's file
     * @param initial the initial value of a new file
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when the file exists but is damaged or holds another type
     */
    public static SharedDouble open(final Path file, final double initial) {
        return new SharedDouble(ValueRegion.createOrAttach(file, ValueType.DOUBLE, ValueLayout.SCALAR, 1,
            buffer -> buffer.putLong(VALUE, Double.doubleToRawLongBits(initial))));
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    public double get() {
        return AtomicCells.getDouble(region.buffer(), VALUE);
    }

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    public void set(final double value) {
        AtomicCells.setDouble(region.buffer(), VALUE, value);
    }

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    public double getAndSet(final double value) {
        return AtomicCells.getAndSetDouble(region.buffer(), VALUE, value);
    }

    /**
     * Atomically adds and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    public double getAndAdd(final double delta) {
        return AtomicCells.getAndAddDouble(region.buffer(), VALUE, delta);
    }

    /**
     * Atomically adds and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    public double addAndGet(final double delta) {
        return getAndAdd(delta) + delta;
    }

    /**
     * Atomically sets the value if its bits equal the expected value's bits.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    public boolean compareAndSet(final double expected, final double value) {
        return AtomicCells.compareAndSetDouble(region.buffer(), VALUE, expected, value);
    }

    /**
     * Atomically replaces the value with a function of it (a CAS loop: the function may run more than once).
     *
     * @param function the update, side-effect free
     * @return the updated value
     */
    public double updateAndGet(final DoubleUnaryOperator function) {
        return AtomicCells.updateDouble(region.buffer(), VALUE, function);
    }

    /**
     * Atomically combines the value with {@code x} (a CAS loop).
     *
     * @param x        the argument
     * @param function the combination, side-effect free
     * @return the updated value
     */
    public double accumulateAndGet(final double x, final DoubleBinaryOperator function) {
        return updateAndGet(current -> function.applyAsDouble(current, x));
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
     * The file behind this value.
     *
     * @return its path
     */
    public Path file() {
        return region.file();
    }

    /** Releases this process's handle; other processes keep the value. */
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
        return region.describeHandle("SharedDouble", " = " + get());
    }
}
