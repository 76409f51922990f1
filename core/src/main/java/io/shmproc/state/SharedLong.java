package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A {@code long} in shared memory that every attached process reads and updates atomically, like
 * {@link java.util.concurrent.atomic.AtomicLong} across processes (Python's {@code Value('l', 0)}).
 *
 * <p>Every method is one atomic operation on a word alone on its cache line: a plain read is a volatile
 * read, {@code set} a volatile write, {@code getAndAdd} a fetch-and-add, {@code updateAndGet} a CAS loop.
 * A process killed in the middle of any of them leaves either the old or the new value. For compound updates
 * that must exclude other processes for longer (Python's {@code with v.get_lock():}), hold {@link #lock()}:
 * it is released when its holder dies. The lock only excludes other lock holders; the atomic methods do not
 * take it.
 *
 * <pre>{@code
 * SharedLong counter = mp.sharedLong("hits", 0);
 * counter.incrementAndGet();                 // from any process
 * Lock lock = counter.lock();
 * lock.lock();
 * try { counter.set(counter.get() * 2); } finally { lock.unlock(); }
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public interface SharedLong extends AutoCloseable, Serializable {
    /**
     * Creates the value with an initial value, or attaches to it if the file exists (the initial value is then
     * ignored).
     *
     * @param file    the value's file
     * @param initial the initial value of a new file
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when the file exists but is damaged or holds another type
     */
    static SharedLong open(final Path file, final long initial) {
        return LocalSharedLong.open(file, initial);
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    long get();

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    void set(final long value);

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    long getAndSet(final long value);

    /**
     * Atomically adds and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    long getAndAdd(final long delta);

    /**
     * Atomically adds and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    long addAndGet(final long delta);

    /**
     * Atomically adds one.
     *
     * @return the updated value
     */
    long incrementAndGet();

    /**
     * Atomically subtracts one.
     *
     * @return the updated value
     */
    long decrementAndGet();

    /**
     * Atomically sets the value if it equals the expected one.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    boolean compareAndSet(final long expected, final long value);

    /**
     * Atomically replaces the value with a function of it (a CAS loop: the function may run more than once
     * when other processes update concurrently, so it must be side-effect free).
     *
     * @param function the update
     * @return the updated value
     */
    long updateAndGet(final LongUnaryOperator function);

    /**
     * Atomically combines the value with {@code x} (a CAS loop, see {@link #updateAndGet}).
     *
     * @param x        the argument
     * @param function the combination
     * @return the updated value
     */
    long accumulateAndGet(final long x, final LongBinaryOperator function);

    /**
     * The lock for compound updates (Python's {@code get_lock()}): one per file, shared by every process,
     * non-reentrant, released when its holder dies. {@code newCondition()} is not supported.
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
