package io.shmproc.channel;

import static io.shmproc.channel.MpmcLayout.CONSUMER_INTENT_HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.CONSUMER_INTENT_READ_OFFSET;
import static io.shmproc.channel.MpmcLayout.HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_LOCK_OFFSET;
import static io.shmproc.channel.MpmcLayout.READ_OFFSET;
import static io.shmproc.channel.MpmcLayout.TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.WRITTEN_OFFSET;

import io.shmproc.memory.ProcessIdentity;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Liveness and crash repair for the two lock words of an {@link MpmcChannel}: the waiting path of a lock
 * acquisition, which checks at most every {@value MpmcChannel#LIVENESS_CHECK_MILLIS} ms whether the holder still
 * lives, the take-over of a dead holder's lock, and the repair of the step the dead holder left half done. One
 * instance per channel handle; nothing here runs per message, only while waiting.
 *
 * <p><b>Across processes.</b> A lock word holds an acquisition sequence and the holder's pid; the holder's start
 * time sits beside it, so a recycled pid is not taken for the dead holder (when the recorded start time belongs to
 * another pid, only the pid is checked, which errs towards "alive"). A process never declares its own pid dead,
 * so its threads wait for one another like processes. A take-over is a compare-and-set of the exact dead word,
 * so of several waiters that find the holder dead exactly one takes over, and a stale take-over never succeeds.
 *
 * <p><b>Crashes.</b> Every holder writes its intents (the tail or head it is about to publish, and the count
 * with it) before it changes the ring, so the taker-over can finish or undo the dead holder's step:
 * <ul>
 *   <li>a dead producer's span after {@code TAIL} was either published (READY at {@code TAIL}, or consumers
 *   already past it), and the tail and count catch up, or it was not, and it is zeroed (its payload might look
 *   like record headers); otherwise only the count may lag, and it catches up;</li>
 *   <li>a dead consumer that had delivered {@code [HEAD, C_INTENT_HEAD)} has its zeroing finished and its head
 *   and count published: those messages are not redelivered; messages it had not yet freed are.</li>
 * </ul>
 */
final class MpmcRecovery {
    private final MpmcChannel channel;
    private final MpmcRing ring;
    private final MpmcLocks locks;
    private final AtomicBuffer buffer;
    private final long myPid;

    MpmcRecovery(final MpmcChannel channel, final MpmcRing ring, final MpmcLocks locks, final long myPid) {
        this.channel = channel;
        this.ring = ring;
        this.locks = locks;
        this.buffer = channel.buffer();
        this.myPid = myPid;
    }

    /**
     * The waiting path of a lock acquisition, after the spinning attempt failed: waits until the lock is free or
     * its holder is found dead and taken over, or until a deadline.
     *
     * @return {@code true} when this process now holds the lock, {@code false} when the deadline passed first
     */
    boolean awaitLock(final int lockOffset, final int pidOffset, final int startOffset,
                      final long deadlineNanos, final IdleStrategy idle) throws InterruptedException {
        idle.reset();
        long lastCheck = System.nanoTime();
        final AtomicBuffer buf = buffer;
        while (true) {
            final long word = buf.getLongVolatile(lockOffset);
            if ((word & MpmcLocks.PID_MASK) == 0) {
                if (buf.compareAndSetLong(lockOffset, word, locks.next(word))) {
                    locks.recordHolder(pidOffset, startOffset);
                    return true;
                }
                continue;
            }
            final long now = System.nanoTime();
            if (now - lastCheck > MpmcChannel.LIVENESS_CHECK_NANOS) {
                lastCheck = now;
                if (holderDead(word, pidOffset, startOffset) && takeOver(lockOffset, pidOffset, startOffset, word)) {
                    return true;
                }
            }
            if (channel.waitStep(deadlineNanos, idle, now) < 0) {
                return false;
            }
        }
    }

    /**
     * Whether the lock word names a holder that is no longer alive (never this process, never a free lock).
     *
     * @param word        the lock word as read
     * @param pidOffset   the word holding the pid that the start time belongs to
     * @param startOffset the holder's start time
     * @return {@code true} only when the holder is known to be dead
     */
    boolean holderDead(final long word, final int pidOffset, final int startOffset) {
        final long pid = word & MpmcLocks.PID_MASK;
        if (pid == 0 || pid == myPid) {
            return false;
        }
        final long recordedPid = buffer.getLongVolatile(pidOffset);
        final long start = buffer.getLongVolatile(startOffset);
        return !new ProcessIdentity(pid, recordedPid == pid ? start : -1).isAlive();
    }

    /**
     * Takes a dead holder's lock and repairs the counter it may have left one step behind.
     *
     * @return {@code true} when this process now holds the lock, {@code false} when another waiter took it first
     */
    boolean takeOver(final int lockOffset, final int pidOffset, final int startOffset, final long deadWord) {
        if (!buffer.compareAndSetLong(lockOffset, deadWord, locks.next(deadWord))) {
            return false;
        }
        locks.recordHolder(pidOffset, startOffset);
        if (lockOffset == PRODUCER_LOCK_OFFSET) {
            repairAfterDeadProducer();
        } else {
            repairAfterDeadConsumer();
        }
        return true;
    }

    /**
     * After taking the producer lock from a dead holder: if it laid out a span after the tail, either that span
     * was published (its first flags word is READY, or consumers already intend to pass it) and the tail and
     * count catch up, or it was not and its garbage is zeroed; else only the count may lag.
     */
    private void repairAfterDeadProducer() {
        final AtomicBuffer buf = buffer;
        final long tail = buf.getLong(TAIL_OFFSET);
        final long intended = buf.getLong(PRODUCER_INTENT_TAIL_OFFSET);
        if (intended > tail) {
            if (ring.readyAt(tail) || buf.getLongVolatile(CONSUMER_INTENT_HEAD_OFFSET) > tail) {
                buf.putLongRelease(TAIL_OFFSET, intended);
                buf.putLongRelease(WRITTEN_OFFSET, buf.getLong(PRODUCER_INTENT_WRITTEN_OFFSET));
            } else {
                ring.zeroRange(tail, intended);
                buf.putLong(PRODUCER_INTENT_WRITTEN_OFFSET, buf.getLong(WRITTEN_OFFSET));
                // Publishes the reset count intent first: a repairer that dies between these two stores leaves
                // an intended tail beyond the tail, so the next one repeats this (idempotent) branch instead of
                // publishing a stale written count.
                buf.putLongRelease(PRODUCER_INTENT_TAIL_OFFSET, tail);
            }
        } else {
            buf.putLongRelease(WRITTEN_OFFSET, buf.getLong(PRODUCER_INTENT_WRITTEN_OFFSET));
        }
    }

    /**
     * After taking the consumer lock from a dead holder: if it intended to move the head, it had delivered
     * everything up to the intended head; finish its step. The read count is published from its intent either way.
     */
    private void repairAfterDeadConsumer() {
        final AtomicBuffer buf = buffer;
        final long head = buf.getLong(HEAD_OFFSET);
        final long intended = buf.getLong(CONSUMER_INTENT_HEAD_OFFSET);
        if (intended > head) {
            // It had delivered [head, intended) and may have zeroed part of it: finish its step.
            ring.zeroRange(head, intended);
            buf.putLongRelease(HEAD_OFFSET, intended);
        }
        buf.putLongRelease(READ_OFFSET, buf.getLong(CONSUMER_INTENT_READ_OFFSET));
    }
}
