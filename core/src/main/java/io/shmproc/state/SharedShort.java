package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A 16-bit {@code short} in shared memory that every attached process reads and updates atomically (Python's
 * {@code Value('h', 0)}).
 *
 * <p>The value is held sign-extended in a 32-bit word alone on its cache line (see {@link ValueLayout}), so
 * every method is one atomic operation on that word: a plain read is a volatile read, {@code set} a volatile
 * write, {@code getAndAdd} a CAS loop. Arithmetic wraps around as Java's {@code short} does (-32768 to 32767);
 * Python's {@code ctypes} value wraps the same way.
 * A process killed in the middle of any of them leaves either the old or the new value. For compound updates
 * that must exclude other processes for longer (Python's {@code with v.get_lock():}), hold {@link #lock()}:
 * it is released when its holder dies. The lock only excludes other lock holders; the atomic methods do not
 * take it.
 *
 * <pre>{@code
 * SharedShort counter = mp.sharedShort("hits", (short) 0);
 * counter.incrementAndGet();                 // from any process
 * Lock lock = counter.lock();
 * lock.lock();
 * try { counter.set(counter.get() * 2); } finally { lock.unlock(); }
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same file.
 */
public final class SharedShort implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    SharedShort(final ValueRegion region) {
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
    public static SharedShort open(final Path file, final short initial) {
        return new SharedShort(ValueRegion.createOrAttach(file, ValueType.SHORT, ValueLayout.SCALAR, 1,
            buffer -> buffer.putInt(VALUE, initial)));
    }

    /**
     * The current value (volatile read).
     *
     * @return the value
     */
    public short get() {
        return (short) region.buffer().getIntVolatile(VALUE);
    }

    /**
     * Sets the value (volatile write).
     *
     * @param value the new value
     */
    public void set(final short value) {
        region.buffer().putIntVolatile(VALUE, value);
    }

    /**
     * Atomically sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    public short getAndSet(final short value) {
        return (short) region.buffer().getAndSetInt(VALUE, value);
    }

    /**
     * Atomically adds (wrapping around) and returns the previous value.
     *
     * @param delta what to add
     * @return the previous value
     */
    public short getAndAdd(final int delta) {
        final AtomicBuffer buffer = region.buffer();
        while (true) {
            final int current = buffer.getIntVolatile(VALUE);
            if (buffer.compareAndSetInt(VALUE, current, (short) (current + delta))) {
                return (short) current;
            }
        }
    }

    /**
     * Atomically adds (wrapping around) and returns the new value.
     *
     * @param delta what to add
     * @return the updated value
     */
    public short addAndGet(final int delta) {
        return (short) (getAndAdd(delta) + delta);
    }

    /**
     * Atomically adds one.
     *
     * @return the updated value
     */
    public short incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Atomically subtracts one.
     *
     * @return the updated value
     */
    public short decrementAndGet() {
        return addAndGet(-1);
    }

    /**
     * Atomically sets the value if it equals the expected one.
     *
     * @param expected the expected value
     * @param value    the new value
     * @return {@code true} if the value was set
     */
    public boolean compareAndSet(final short expected, final short value) {
        return region.buffer().compareAndSetInt(VALUE, expected, value);
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
        return region.describeHandle("SharedShort", " = " + get());
    }
}
