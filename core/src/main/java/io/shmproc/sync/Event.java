package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A flag shared by every process that opens its file, like Python's {@code multiprocessing.Event}:
 * {@link #set()} wakes every waiter in every process, {@link #clear()} resets it, {@link #await()} waits
 * until it is set.
 *
 * <p>The flag is one word in shared memory; waiters poll it, spinning briefly and then backing off (see
 * {@link SyncOptions}), so a waiter wakes within about {@link SyncOptions#maxParkMicros(long)} of the set.
 * A waiter that has seen the flag set returns {@code true} even if it is cleared right after. A process that
 * dies leaves the flag as it was.
 *
 * <pre>{@code
 * Event ready = Event.open(dir.resolve("ready"));
 * if (!ready.await(5, TimeUnit.SECONDS)) {
 *     throw new IllegalStateException("producer not ready");
 * }
 * }</pre>
 *
 * <p>A serializable handle: sent to another JVM it re-attaches to the same file.
 */
public interface Event extends AutoCloseable, Serializable {
    /**
     * Creates a new, clear event file.
     *
     * @param file    where to create it
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file exists or cannot be created
     */
    static Event create(final Path file, final SyncOptions options) {
        return LocalEvent.create(file, options);
    }

    /**
     * Attaches to an existing event file.
     *
     * @param file    the event's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not an {@code Event}
     */
    static Event attach(final Path file, final SyncOptions options) {
        return LocalEvent.attach(file, options);
    }

    /**
     * Attaches to the event file, creating it (clear) first if it does not exist.
     *
     * @param file the event's file
     * @return the handle
     * @throws RegionException when the file cannot be created or attached
     */
    static Event open(final Path file) {
        return LocalEvent.open(file);
    }

    /**
     * Attaches to the event file, creating it (clear) first if it does not exist.
     *
     * @param file    the event's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file cannot be created or attached
     */
    static Event open(final Path file, final SyncOptions options) {
        return LocalEvent.open(file, options);
    }

    /**
     * Sets the flag, waking every waiter in every process.
     *
     * @throws ClosedException when this handle is closed
     */
    void set();

    /**
     * Clears the flag.
     *
     * @throws ClosedException when this handle is closed
     */
    void clear();

    /**
     * Whether the flag is set.
     *
     * @return {@code true} when set
     */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    void await() throws InterruptedException;

    /**
     * Waits until the flag is set or the time passes.
     *
     * @param time how long to wait; 0 or less means only look
     * @param unit the unit of {@code time}
     * @return {@code true} when the flag was set, {@code false} when the time passed first
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    boolean await(final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Waits until the flag is set or the time passes.
     *
     * @param timeout how long to wait
     * @return {@code true} when the flag was set
     * @throws InterruptedException when interrupted before or while waiting
     */
    boolean await(final Duration timeout) throws InterruptedException;

    /**
     * The primitive's file.
     *
     * @return its path
     */
    Path file();

    void close();

    /**
     * Removes the primitive's file; processes that have it open keep using it.
     *
     * @return {@code true} if this call removed it
     */
    boolean unlink();
}
