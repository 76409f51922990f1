package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

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
public final class Event extends SyncHandle {
    private static final long serialVersionUID = 1L;

    private final AtomicBuffer buffer;

    private Event(final SyncRegion region, final SyncOptions options) {
        super(region, options, "event");
        this.buffer = region.buffer();
    }

    /**
     * Creates a new, clear event file.
     *
     * @param file    where to create it
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file exists or cannot be created
     */
    public static Event create(final Path file, final SyncOptions options) {
        return new Event(SyncRegion.create(file, SyncType.EVENT, 0, 1), options);
    }

    /**
     * Attaches to an existing event file.
     *
     * @param file    the event's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not an {@code Event}
     */
    public static Event attach(final Path file, final SyncOptions options) {
        return new Event(SyncRegion.attach(file, SyncType.EVENT), options);
    }

    /**
     * Attaches to the event file, creating it (clear) first if it does not exist.
     *
     * @param file the event's file
     * @return the handle
     * @throws RegionException when the file cannot be created or attached
     */
    public static Event open(final Path file) {
        return open(file, SyncOptions.defaults());
    }

    /**
     * Attaches to the event file, creating it (clear) first if it does not exist.
     *
     * @param file    the event's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file cannot be created or attached
     */
    public static Event open(final Path file, final SyncOptions options) {
        return new Event(SyncRegion.open(file, SyncType.EVENT, 0, 1), options);
    }

    /**
     * Sets the flag, waking every waiter in every process.
     *
     * @throws ClosedException when this handle is closed
     */
    public void set() {
        checkOpen();
        // Publishes the setter's earlier writes to every waiter that sees the flag.
        buffer.putLongVolatile(SyncLayout.STATE_A_OFFSET, 1);
        if (region().sleepers().anyone()) {
            region().sleepers().wakeAll(); // the volatile store above is a full fence: no wake-up is lost
        }
    }

    /**
     * Clears the flag.
     *
     * @throws ClosedException when this handle is closed
     */
    public void clear() {
        checkOpen();
        buffer.putLongVolatile(SyncLayout.STATE_A_OFFSET, 0);
    }

    /**
     * Whether the flag is set.
     *
     * @return {@code true} when set
     */
    public boolean isSet() {
        return buffer.getLongVolatile(SyncLayout.STATE_A_OFFSET) != 0;
    }

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    public void await() throws InterruptedException {
        awaitNanos(-1);
    }

    /**
     * Waits until the flag is set or the time passes.
     *
     * @param time how long to wait; 0 or less means only look
     * @param unit the unit of {@code time}
     * @return {@code true} when the flag was set, {@code false} when the time passed first
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanos(Math.max(0, unit.toNanos(time)));
    }

    /**
     * Waits until the flag is set or the time passes.
     *
     * @param timeout how long to wait
     * @return {@code true} when the flag was set
     * @throws InterruptedException when interrupted before or while waiting
     */
    public boolean await(final Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean awaitNanos(final long timeoutNanos) throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (isSet()) {
            return true;
        }
        final long start = System.nanoTime();
        final IdleStrategy idle = SyncOptions.deadline(options().newIdleStrategy(region().sleepers()),
            timeoutNanos >= 0 ? start + timeoutNanos : Long.MAX_VALUE);
        try {
            while (true) {
                if (isSet()) {
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeoutNanos >= 0 && System.nanoTime() - start >= timeoutNanos) {
                    return false;
                }
                idle.idle();
            }
        } finally {
            SyncOptions.done(idle);
        }
    }

    @Override
    public String toString() {
        return "Event[" + file() + ", " + (isSet() ? "set" : "clear") + "]";
    }
}
