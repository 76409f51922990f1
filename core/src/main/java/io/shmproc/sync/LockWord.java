package io.shmproc.sync;

import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.Sleepers;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The owner word of a cross-process mutex: one compare-and-set to acquire, one release store to release,
 * and the crash protocol that takes the word over from an owner whose process died.
 *
 * <p>Word: 0 = free; otherwise {@code [died:1][owner token:31][thread id:32]}. A waiter that has waited
 * longer than a millisecond, and then every liveness interval, reads the owner's token and asks the
 * liveness table whether that process lives; when it does not, the waiter swaps the dead owner's word for
 * its own with the died bit set, so the new owner can learn that the state the lock guards may be broken.
 */
final class LockWord {
    static final long DIED = 1L << 63;
    static final long OWNER_MASK = ~DIED;
    private static final long FIRST_PROBE_NANOS = 1_000_000L;

    private final AtomicBuffer buffer;
    private final int offset;
    private final LivenessTable liveness;
    private final SyncOptions options;
    private final Sleepers sleepers;
    private final long selfBase;

    LockWord(final AtomicBuffer buffer, final int offset, final LivenessTable liveness, final SyncOptions options,
             final Sleepers sleepers) {
        this.buffer = buffer;
        this.sleepers = sleepers;
        this.offset = offset;
        this.liveness = liveness;
        this.options = options;
        this.selfBase = ((long) liveness.selfToken()) << 32;
    }

    /**
     * The word the calling thread writes when it owns the lock.
     *
     * @return the owner word, without the died bit
     */
    long self() {
        return selfBase | (Thread.currentThread().getId() & 0xFFFF_FFFFL);
    }

    long word() {
        return buffer.getLongVolatile(offset);
    }

    boolean isOwnedBy(final long self) {
        return (buffer.getLongVolatile(offset) & OWNER_MASK) == self;
    }

    boolean isHeldByCurrentThread() {
        return isOwnedBy(self());
    }

    boolean isLocked() {
        return word() != 0;
    }

    /**
     * Whether the calling thread, which must own the word, took it over from a dead owner.
     *
     * @return {@code true} when the died bit is set
     * @throws IllegalMonitorStateException when the calling thread does not own the word
     */
    boolean previousOwnerDied() {
        final long current = word();
        if ((current & OWNER_MASK) != self()) {
            throw notOwner("previousOwnerDied", current);
        }
        return (current & DIED) != 0;
    }

    /**
     * The calling thread's owner word, checked to be the one in the lock word.
     *
     * @param operation what the caller is doing, for the message
     * @return the caller's owner word
     * @throws IllegalMonitorStateException when the calling thread does not own the word
     */
    long requireOwner(final String operation) {
        final long self = self();
        final long current = word();
        if ((current & OWNER_MASK) != self) {
            throw notOwner(operation, current);
        }
        return self;
    }

    boolean tryAcquire(final long self) {
        return buffer.compareAndSetLong(offset, 0, self);
    }

    /**
     * Acquires the word, waiting as the options say and taking it over from a dead owner.
     *
     * @param self          the caller's owner word
     * @param timeoutNanos  how long to wait, or a negative value for no limit
     * @param interruptible whether an interrupt ends the wait
     * @return {@code true} once acquired, {@code false} when the timeout passed first
     * @throws InterruptedException when interruptible and the thread is interrupted
     */
    boolean acquire(final long self, final long timeoutNanos, final boolean interruptible)
        throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (buffer.compareAndSetLong(offset, 0, self)) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        final boolean timed = timeoutNanos > 0;
        final long start = System.nanoTime();
        final long deadline = start + timeoutNanos;
        long nextProbe = start + FIRST_PROBE_NANOS;
        final IdleStrategy idle = SyncOptions.deadline(options.newIdleStrategy(sleepers),
            timed ? deadline : Long.MAX_VALUE);
        try {
            while (true) {
                final long word = buffer.getLongVolatile(offset);
                if (word == 0) {
                    if (buffer.compareAndSetLong(offset, 0, self)) {
                        return true;
                    }
                    continue;
                }
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                final long now = System.nanoTime();
                if (timed && now - deadline >= 0) {
                    return false;
                }
                if (now - nextProbe >= 0) {
                    nextProbe = now + options.livenessCheckNanos();
                    if (!liveness.isAlive(ownerToken(word)) && buffer.compareAndSetLong(offset, word, self | DIED)) {
                        return true;
                    }
                }
                idle.idle();
            }
        } finally {
            SyncOptions.done(idle);
        }
    }

    /**
     * Acquires the word without a time limit and without giving in to interrupts; the interrupt status is
     * kept.
     *
     * @param self the caller's owner word
     */
    void acquireUninterruptibly(final long self) {
        try {
            acquire(self, -1, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("uninterruptible acquire was interrupted", e);
        }
    }

    /**
     * Releases the word, which the caller must own.
     *
     * @param self the caller's owner word
     * @throws IllegalMonitorStateException when the caller does not own it
     */
    void release(final long self) {
        final long word = buffer.getLongVolatile(offset);
        if ((word & OWNER_MASK) != self) {
            throw notOwner("unlock", word);
        }
        // Publishes every write of the critical section to the next owner, who reads the word with acquire.
        buffer.putLongRelease(offset, 0);
        if (sleepers.anyone()) {
            sleepers.wakeAll(); // one load when nobody sleeps
        }
    }

    IllegalMonitorStateException notOwner(final String operation, final long word) {
        return new IllegalMonitorStateException(operation + ": the current thread (" + Thread.currentThread().getName()
            + ") does not hold this lock; it is " + describe(word));
    }

    static int ownerToken(final long word) {
        return (int) ((word & OWNER_MASK) >>> 32);
    }

    String describe(final long word) {
        if (word == 0) {
            return "unlocked";
        }
        final int token = ownerToken(word);
        final long thread = word & 0xFFFF_FFFFL;
        final String who = token == liveness.selfToken() ? "this process (thread id " + thread + ")"
            : "pid " + liveness.pidOf(token) + (liveness.isAlive(token) ? "" : " (dead)");
        return "held by " + who + ((word & DIED) != 0 ? ", taken over from a dead owner" : "");
    }
}
