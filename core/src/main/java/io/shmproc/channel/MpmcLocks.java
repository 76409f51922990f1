package io.shmproc.channel;

import io.shmproc.memory.ProcessIdentity;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The producer and consumer lock words of an {@link MpmcChannel}, as this process takes and releases them: a
 * short spin for a free lock, the naming of this process as the holder, and the release. The waiting path (and
 * with it the liveness checks and the take-over of a dead holder's lock) is {@link MpmcRecovery}'s, which this
 * class owns. One instance per channel handle.
 *
 * <p><b>Across processes.</b> A lock word holds an acquisition sequence (upper half) and the holder's pid (lower
 * half, 0 when free); it is won by a compare-and-set, so exactly one process or thread holds it. The holder's
 * start time sits beside the word, published with the pid it belongs to. The release is a release store, so the
 * next holder sees everything written under the lock.
 *
 * <p><b>Crashes.</b> A holder killed while holding the lock leaves its pid in the word; a waiter takes the lock
 * over once it finds that process dead (on the last spin of {@link #tryAcquire}, or while waiting), and repairs
 * the step the holder left half done.
 */
final class MpmcLocks {
    /** The holder's pid in a lock word (the upper half is the acquisition sequence); 0 when the lock is free. */
    static final long PID_MASK = 0xFFFF_FFFFL;
    private static final int TRY_SPINS = 64;

    private final AtomicBuffer buffer;
    private final long myPid;
    private final long myStart;
    private final MpmcRecovery recovery;
    /**
     * When {@link #tryAcquire} may next check a producer lock holder's liveness ({@link System#nanoTime()}): at
     * most every {@value MpmcChannel#LIVENESS_CHECK_MILLIS} ms per handle, as while waiting. A check reads the
     * holder's process information from the kernel, and a holder that was merely preempted on a busy machine
     * makes every try of every other producer fail. Racy between threads of one handle, harmlessly.
     */
    private long producerCheckDue;
    /** As {@link #producerCheckDue}, for the consumer lock. */
    private long consumerCheckDue;

    MpmcLocks(final MpmcChannel channel, final MpmcRing ring, final ProcessIdentity me) {
        this.buffer = channel.buffer();
        this.myPid = me.pid();
        this.myStart = me.startMillis();
        this.recovery = new MpmcRecovery(channel, ring, this, myPid);
        this.producerCheckDue = System.nanoTime(); // due now, whatever the clock's origin
        this.consumerCheckDue = producerCheckDue;
    }

    /** Liveness checks and repair after a dead holder, for the fragment reader that watches the writer. */
    MpmcRecovery recovery() {
        return recovery;
    }

    /** Spins briefly for a free lock; on the last spin, takes over the lock of a holder found dead. */
    boolean tryAcquire(final int lockOffset, final int pidOffset, final int startOffset) {
        final AtomicBuffer buf = buffer;
        for (int i = 0; i < TRY_SPINS; i++) {
            final long word = buf.getLongVolatile(lockOffset);
            if ((word & PID_MASK) == 0) {
                if (buf.compareAndSetLong(lockOffset, word, next(word))) {
                    recordHolder(pidOffset, startOffset);
                    return true;
                }
            } else if (i == TRY_SPINS - 1 && livenessCheckDue(lockOffset)
                && recovery.holderDead(word, pidOffset, startOffset)) {
                return recovery.takeOver(lockOffset, pidOffset, startOffset, word);
            }
            if (i < TRY_SPINS / 2) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // let a preempted holder run when processes outnumber cores
            }
        }
        return false;
    }

    /** Whether a try that failed may check the holder's liveness now; if so, the next check is due later. */
    private boolean livenessCheckDue(final int lockOffset) {
        final long now = System.nanoTime();
        final boolean producer = lockOffset == MpmcLayout.PRODUCER_LOCK_OFFSET;
        if (now - (producer ? producerCheckDue : consumerCheckDue) < 0) {
            return false;
        }
        if (producer) {
            producerCheckDue = now + MpmcChannel.LIVENESS_CHECK_NANOS;
        } else {
            consumerCheckDue = now + MpmcChannel.LIVENESS_CHECK_NANOS;
        }
        return true;
    }

    /** Spins for the lock, then waits for it (checking the holder's liveness) until a deadline. */
    boolean acquire(final int lockOffset, final int pidOffset, final int startOffset,
                    final long deadlineNanos, final IdleStrategy idle) throws InterruptedException {
        return tryAcquire(lockOffset, pidOffset, startOffset)
            || recovery.awaitLock(lockOffset, pidOffset, startOffset, deadlineNanos, idle);
    }

    /**
     * Spins for the lock, then waits for it for at most {@code patienceNanos} (the clock is read only when the
     * spin failed, so an uncontended call costs no more than {@link #tryAcquire}).
     */
    boolean acquireWithin(final int lockOffset, final int pidOffset, final int startOffset,
                          final long patienceNanos, final IdleStrategy idle) throws InterruptedException {
        return tryAcquire(lockOffset, pidOffset, startOffset)
            || recovery.awaitLock(lockOffset, pidOffset, startOffset, System.nanoTime() + patienceNanos, idle);
    }

    /** The lock word that this process writes to take the lock after {@code word}: next sequence, its pid. */
    long next(final long word) {
        return ((word >>> 32) + 1) << 32 | myPid;
    }

    /** Names this process as the holder (pid and start time) after the lock word was won. */
    void recordHolder(final int pidOffset, final int startOffset) {
        if (buffer.getLong(pidOffset) == myPid) {
            return; // this process held the lock last: its pid and start time are already there
        }
        buffer.putLong(startOffset, myStart);
        // Publishes the start time with the pid that it belongs to.
        buffer.putLongRelease(pidOffset, myPid);
    }

    void release(final int lockOffset) {
        final long word = buffer.getLong(lockOffset);
        // Publishes everything written under the lock to the next holder.
        buffer.putLongRelease(lockOffset, word & ~PID_MASK);
    }
}
