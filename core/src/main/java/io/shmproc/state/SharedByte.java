package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;

/**
 * A 8-bit {@code byte} in shared memory that every attached process reads and updates atomically (Python's
 * {@code Value('b', 0)}; {@code Value('c', b'x')} holds the same 8 bits).
 *
 * <p>The value is held sign-extended in a 32-bit word alone on its cache line (see {@link ValueLayout}), so
 * every method is one atomic operation on that word: a plain read is a volatile read, {@code set} a volatile
 * write, {@code getAndAdd} a CAS loop. Arithmetic wraps around as Java's {@code byte} does (-128 to 127);
 * Python's {@code ctypes} value wraps the same way.
 * A process killed in the middle of any of them leaves either the old or the new value. For compound updates
 * that must exclude other processes for longer (Python's {@code with v.get_lock():}), hold {@link #lock()}:
 * it is released when its holder dies. The lock only excludes other lock holders; the atomic methods do not
 * take it.
 *
 * <pre>{@code
 * SharedByte counter = mp.sharedByte("hits", (byte) 0);
 * counter.incrementAndGet();                 // from any process
 * Lock lock = counter.lock();
 * lock.lock();
 * try { counter.set(counter.get() * 2); } finally { lock.unlock(); }
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public interface SharedByte extends AutoCloseable, Serializable {
    /**
     * Creates the value with an initial value, or attaches to it if the file exists (the initial value is then
     * ignored).
     *
     * @param file    the value's file
     * @param initial the initial value of a new file
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when the file exists but is damaged or holds another type
     */
    static SharedByte open(final Path file, final byte initial) {
        return LocalSharedByte.open(file, initial);
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    byte get();

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    void set(final byte value);

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    byte getAndSet(final byte value);

    /**
     * Atomically adds (wrapping around) and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    byte getAndAdd(final int delta);

    /**
     * Atomically adds (wrapping around) and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    byte addAndGet(final int delta);

    /**
     * Atomically adds one.
     *
     * @return the updated value
     */
    byte incrementAndGet();

    /**
     * Atomically subtracts one.
     *
     * @return the updated value
     */
    byte decrementAndGet();

    /**
     * Atomically sets the value if it equals the expected one.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    boolean compareAndSet(final byte expected, final byte value);

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
