package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * An {@code int} in shared memory that every attached process reads and updates atomically, like
 * {@link java.util.concurrent.atomic.AtomicInteger} across processes (Python's {@code Value('i', 0)}).
 *
 * <p>Every method is one atomic operation on a word alone on its cache line: a plain read is a volatile
 * read, {@code set} a volatile write, {@code getAndAdd} a fetch-and-add, {@code updateAndGet} a CAS loop.
 * A process killed in the middle of any of them leaves either the old or the new value. For compound updates
 * that must exclude other processes for longer (Python's {@code with v.get_lock():}), hold {@link #lock()}:
 * it is released when its holder dies. The lock only excludes other lock holders; the atomic methods do not
 * take it.
 *
 * <pre>{@code
 * SharedInt counter = mp.sharedInt("hits", 0);
 * counter.incrementAndGet();                 // from any process
 * Lock lock = counter.lock();
 * lock.lock();
 * try { counter.set(counter.get() * 2); } finally { lock.unlock(); }
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public final class SharedInt implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    SharedInt(final ValueRegion region) {
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
    public static SharedInt open(final Path file, final int initial) {
        return new SharedInt(ValueRegion.createOrAttach(file, ValueType.INT, ValueLayout.SCALAR, 1,
            buffer -> buffer.putInt(VALUE, initial)));
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    public int get() {
        return region.buffer().getIntVolatile(VALUE);
    }

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    public void set(final int value) {
        region.buffer().putIntVolatile(VALUE, value);
    }

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    public int getAndSet(final int value) {
        return region.buffer().getAndSetInt(VALUE, value);
    }

    /**
     * Atomically adds and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    public int getAndAdd(final int delta) {
        return region.buffer().getAndAddInt(VALUE, delta);
    }

    /**
     * Atomically adds and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    public int addAndGet(final int delta) {
        return region.buffer().getAndAddInt(VALUE, delta) + delta;
    }

    /**
     * Atomically adds one.
     *
     * @return the updated value
     */
    public int incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Atomically subtracts one.
     *
     * @return the updated value
     */
    public int decrementAndGet() {
        return addAndGet(-1);
    }

    /**
     * Atomically sets the value if it equals the expected one.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    public boolean compareAndSet(final int expected, final int value) {
        return region.buffer().compareAndSetInt(VALUE, expected, value);
    }

    /**
     * Atomically replaces the value with a function of it (a CAS loop: the function may run more than once
     * when other processes update concurrently, so it must be side-effect free).
     *
     * @param function the update
     * @return the updated value
     */
    public int updateAndGet(final IntUnaryOperator function) {
        return AtomicCells.updateInt(region.buffer(), VALUE, function);
    }

    /**
     * Atomically combines the value with {@code x} (a CAS loop, see {@link #updateAndGet}).
     *
     * @param x        the argument
     * @param function the combination
     * @return the updated value
     */
    public int accumulateAndGet(final int x, final IntBinaryOperator function) {
        return updateAndGet(current -> function.applyAsInt(current, x));
    }

    /**
     * The lock for compound updates (Python's {@code get_lock()}): one per file, shared by every process,
     * non-reentrant, released when its holder dies. {@code newCondition()} is not supported.
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
        return region.describeHandle("SharedInt", " = " + get());
    }
}
