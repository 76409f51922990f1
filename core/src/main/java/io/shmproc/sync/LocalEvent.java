package io.shmproc.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The local implementation of {@link Event}: see there for what it guarantees.
 */
final class LocalEvent extends SyncHandle implements Event {
    private static final long serialVersionUID = 1L;

    private final AtomicBuffer buffer;

    LocalEvent(final SyncRegion region, final SyncOptions options) {
        super(region, options, "event");
        this.buffer = region.buffer();
    }

    public static Event create(final Path file, final SyncOptions options) {
        return new LocalEvent(SyncRegion.create(file, SyncType.EVENT, 0, 1), options);
    }

    public static Event attach(final Path file, final SyncOptions options) {
        return new LocalEvent(SyncRegion.attach(file, SyncType.EVENT), options);
    }

    public static Event open(final Path file) {
        return open(file, SyncOptions.defaults());
    }

    public static Event open(final Path file, final SyncOptions options) {
        return new LocalEvent(SyncRegion.open(file, SyncType.EVENT, 0, 1), options);
    }

    @Override
    public void set() {
        checkOpen();
        // Publishes the setter's earlier writes to every waiter that sees the flag.
        buffer.putLongVolatile(SyncLayout.STATE_A_OFFSET, 1);
        if (region().sleepers().anyone()) {
            region().sleepers().wakeAll(); // the volatile store above is a full fence: no wake-up is lost
        }
    }

    @Override
    public void clear() {
        checkOpen();
        buffer.putLongVolatile(SyncLayout.STATE_A_OFFSET, 0);
    }

    @Override
    public boolean isSet() {
        return buffer.getLongVolatile(SyncLayout.STATE_A_OFFSET) != 0;
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanos(-1);
    }

    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanos(Math.max(0, unit.toNanos(time)));
    }

    @Override
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
