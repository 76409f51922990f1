package io.shmproc.state;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A non-reentrant mutual-exclusion lock over one 8-byte word of shared memory, released for the next owner
 * when its holder dies.
 *
 * <p>The word is zero when the lock is free and otherwise names the owning process:
 * {@code pid << 32 | (start time in ms & 0xFFFFFFFF)}, so a recycled pid is not mistaken for the dead owner.
 * Acquiring is one CAS from zero; releasing is one release store of zero. A waiter that sees the same owner
 * for a while checks whether that process still lives, and when it does not, takes the lock over with a CAS
 * from the dead owner's word; {@link #previousOwnerDied()} then tells the new owner to repair what the dead
 * owner may have left half done. Within one process the lock also excludes threads (it is not reentrant: a
 * thread that locks twice deadlocks, as Python's {@code Lock} does).
 *
 * <p>This is the state package's own mutex, used until the synchronization layer's lock is merged; it keeps
 * the same contract (owner word, death detection, previous-owner-died query).
 */
final class CrossProcessMutex implements Lock {
    private static final long FREE = 0L;
    private static final int SPINS = 200;
    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long ME = ownerWord(ProcessHandle.current());

    private final AtomicBuffer buffer;
    private final int offset;
    private final String description;
    private volatile Thread holder;
    private boolean previousOwnerDied;

    CrossProcessMutex(final AtomicBuffer buffer, final int offset, final String description) {
        this.buffer = buffer;
        this.offset = offset;
        this.description = description;
    }

    static long ownerWord(final ProcessHandle handle) {
        final long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return handle.pid() << 32 | (start & 0xFFFF_FFFFL);
    }

    /**
     * Whether the process named by an owner word still runs (same pid and, where known, same start time).
     *
     * @param word a non-zero owner word
     * @return {@code false} once that process is gone
     */
    static boolean isAlive(final long word) {
        final Optional<ProcessHandle> handle = ProcessHandle.of(word >>> 32);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        final long recorded = word & 0xFFFF_FFFFL;
        final long start = ownerWord(handle.get()) & 0xFFFF_FFFFL;
        return recorded == 0 || start == 0 || recorded == start;
    }

    @Override
    public void lock() {
        acquire(Long.MAX_VALUE, false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (!acquire(Long.MAX_VALUE, true)) {
            throw new InterruptedException(description + ": interrupted while waiting for the lock");
        }
    }

    @Override
    public boolean tryLock() {
        if (buffer.compareAndSetLong(offset, FREE, ME)) {
            owned(false);
            return true;
        }
        final long seen = buffer.getLongVolatile(offset);
        if (seen != FREE && !isAlive(seen) && buffer.compareAndSetLong(offset, seen, ME)) {
            owned(true);
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        final long nanos = unit.toNanos(time);
        if (Thread.interrupted()) {
            throw new InterruptedException(description + ": interrupted");
        }
        final long deadline = System.nanoTime() + Math.max(0, nanos);
        final boolean acquired = acquire(deadline, true);
        if (!acquired && Thread.interrupted()) {
            throw new InterruptedException(description + ": interrupted while waiting for the lock");
        }
        return acquired;
    }

    /**
     * Locks, failing after a timeout.
     *
     * @param timeoutNanos how long to wait
     * @throws ShmprocTimeoutException when the lock stays held by a live process for that long
     */
    void lockOrTimeout(final long timeoutNanos) {
        if (!acquire(System.nanoTime() + timeoutNanos, false)) {
            throw new ShmprocTimeoutException(description + ": lock still held by " + ownerDescription()
                + " after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
    }

    private boolean acquire(final long deadline, final boolean interruptible) {
        if (buffer.compareAndSetLong(offset, FREE, ME)) {
            owned(false);
            return true;
        }
        int spins = 0;
        long park = 1_000;
        long lastOwner = FREE;
        long ownerSeenSince = System.nanoTime();
        while (true) {
            final long seen = buffer.getLongVolatile(offset);
            if (seen == FREE) {
                if (buffer.compareAndSetLong(offset, FREE, ME)) {
                    owned(false);
                    return true;
                }
                continue;
            }
            final long now = System.nanoTime();
            if (seen != lastOwner) {
                lastOwner = seen;
                ownerSeenSince = now;
            } else if (now - ownerSeenSince > LIVENESS_CHECK_NANOS) {
                if (!isAlive(seen) && buffer.compareAndSetLong(offset, seen, ME)) {
                    owned(true);
                    return true;
                }
                ownerSeenSince = now;
            }
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                return false;
            }
            if (interruptible && Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else if (spins < SPINS + 20) {
                spins++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, MAX_PARK_NANOS);
            }
        }
    }

    private void owned(final boolean ownerDied) {
        holder = Thread.currentThread();
        previousOwnerDied = ownerDied;
    }

    /**
     * Whether the current owner took this lock over from a process that died holding it; valid while held.
     *
     * @return {@code true} when whatever the dead owner protected may be half updated
     */
    boolean previousOwnerDied() {
        return previousOwnerDied;
    }

    /**
     * Whether the word says a process that no longer runs holds the lock.
     *
     * @return {@code true} when the lock is held by a dead process
     */
    boolean isHeldByDeadProcess() {
        final long seen = buffer.getLongVolatile(offset);
        return seen != FREE && seen != ME && !isAlive(seen);
    }

    /**
     * Whether any process holds the lock now.
     *
     * @return {@code true} when the owner word is set
     */
    boolean isLocked() {
        return buffer.getLongVolatile(offset) != FREE;
    }

    @Override
    public void unlock() {
        if (holder != Thread.currentThread()) {
            throw new IllegalMonitorStateException(description + ": unlock() by " + Thread.currentThread().getName()
                + ", which does not hold the lock");
        }
        holder = null;
        previousOwnerDied = false;
        // Publishes every write made under the lock to the next owner, in this or another process.
        buffer.putLongRelease(offset, FREE);
    }

    /**
     * Not supported: a shared-state lock guards short compound updates, not waits.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException(description + ": use io.shmproc.sync.Condition for waiting");
    }

    private String ownerDescription() {
        final long word = buffer.getLongVolatile(offset);
        return word == FREE ? "nobody" : "pid " + (word >>> 32) + (isAlive(word) ? " (alive)" : " (dead)");
    }

    @Override
    public String toString() {
        return "CrossProcessMutex[" + description + ", held by " + ownerDescription() + "]";
    }
}
