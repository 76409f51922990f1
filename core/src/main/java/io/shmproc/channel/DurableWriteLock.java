package io.shmproc.channel;

import io.shmproc.exceptions.ShmprocException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * shmproc's view of Chronicle's write lock, the word {@code chronicle.write.lock} in {@code metadata.cq4t}
 * (the holder's pid, or {@link #UNLOCKED}): waiting for it by shmproc's rule, and releasing it after a failed
 * append of this process. Chronicle itself takes and releases the lock inside an append; this class only reads
 * the word before, and clears it after a failure.
 *
 * <p>Not thread-safe: used under the channel's per-directory append lock, which also guarantees that no other
 * thread of this process is inside a Chronicle append to the directory, so a word naming this pid outside an
 * append is a leftover of a failed one.
 */
final class DurableWriteLock {
    private static final String WRITE_LOCK_KEY = "chronicle.write.lock";
    private static final long UNLOCKED = Long.MIN_VALUE;
    private static final long PID = ProcessHandle.current().pid();
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path directory;
    private final LongValue word;
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, MAX_PARK_NANOS);

    private DurableWriteLock(final Path directory, final LongValue word) {
        this.directory = directory;
        this.word = word;
    }

    static DurableWriteLock of(final Path directory, final SingleChronicleQueue queue) {
        return new DurableWriteLock(directory, queue.metaStore().doWithExclusiveLock(
            store -> store.acquireValueFor(WRITE_LOCK_KEY, UNLOCKED)));
    }

    /**
     * Waits until the lock is free or held by a dead process (which Chronicle takes over within
     * {@link DurableChannel#LOCK_RECOVERY_MILLIS}); a live holder is never robbed. Spins briefly, then parks up to
     * 1 ms at a time. A word naming this process is a leftover of a failed append and is cleared.
     *
     * @param timeoutNanos how long to wait, negative for as long as it takes
     * @param deadline     {@code System.nanoTime()} when the wait ends (unused when {@code timeoutNanos < 0})
     * @return {@code false} when the timeout passed first
     * @throws ShmprocException when the thread is interrupted while waiting
     */
    boolean await(final long timeoutNanos, final long deadline) {
        long holder = word.getVolatileValue();
        if (holder == UNLOCKED) {
            return true;
        }
        idle.reset();
        while (true) {
            if (holder == UNLOCKED) {
                return true;
            }
            if (holder == PID) {
                word.compareAndSwapValue(PID, UNLOCKED);
                return true;
            }
            if (!ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false)) {
                return true;
            }
            if (timeoutNanos >= 0 && System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ShmprocException("interrupted while waiting for the write lock of the durable log "
                    + directory + ", held by live pid " + holder + "; nothing was appended");
            }
            idle.idle();
            holder = word.getVolatileValue();
        }
    }

    /** After a failed append: releases the lock if this process still holds it. */
    void releaseIfHeldHere() {
        word.compareAndSwapValue(PID, UNLOCKED);
    }
}
