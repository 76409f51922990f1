package io.shmproc.sync;

import io.shmproc.memory.LivenessTable;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * A condition variable shared by every process that opens its lock, like Python's
 * {@code multiprocessing.Condition}: the lock's own condition from {@link Lock#newCondition()} or
 * {@link RLock#newCondition()} (stored in the lock's file), or a condition in a file of its own from
 * {@link #open(Path, java.util.concurrent.locks.Lock, SyncOptions)}, for several conditions over one lock.
 *
 * <p><b>Waiting.</b> A thread that holds the lock calls {@link #await()}: it takes an entry in the waiter
 * table of the lock's file (with a ticket and its process's liveness token), releases the lock completely,
 * waits for its entry to be signalled, and re-acquires the lock (restoring an {@link RLock}'s hold count)
 * before returning, whatever the outcome. {@link #signal()} wakes the live waiter with the oldest ticket,
 * {@link #signalAll()} every waiter; both require the lock. Spurious wake-ups do not happen, but as with
 * every condition, wait in a loop or use {@link #waitFor(BooleanSupplier, long, TimeUnit)}.
 *
 * <p><b>When a peer dies.</b> A waiter whose process died is skipped by {@code signal}, and its entry freed.
 * A wait ends only by a signal, a timeout, an interrupt or a real failure (a closed handle): it never guesses
 * that no one is left to signal, since a thread of the waiting process, or a process not yet started, may
 * still do so (as Python's and {@code java.util.concurrent}'s conditions). Use the timed forms to bound a wait
 * on partners that may die; a timeout leaves no trace (the entry is withdrawn).
 * Limits: {@link SyncOptions#maxWaiters(int)} simultaneous waiters per lock,
 * fixed when the lock's file was created; one more throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * lock.lock();
 * try {
 *     boolean ready = condition.waitFor(() -> queueHasItem(), 5, TimeUnit.SECONDS);
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p>A serializable handle: it travels with its lock's handle and re-attaches to the same condition.
 */
public final class Condition implements java.util.concurrent.locks.Condition, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final long WAITING = 1;
    private static final long SIGNALLED = 2;
    private static final long RESERVED = 3;
    private static final long STATE_MASK = 3;

    private final AbstractLock lock;
    private final SyncRegion region;
    private final AtomicBuffer buffer;
    private final LivenessTable liveness;
    private final SyncOptions options;
    private final int capacity;
    private boolean standalone;

    private Condition(final AbstractLock lock, final SyncRegion region, final SyncOptions options) {
        this.lock = lock;
        this.region = region;
        this.buffer = region.buffer();
        this.liveness = region.liveness();
        this.options = options;
        this.capacity = region.waiterCapacity();
    }

    static Condition of(final AbstractLock lock, final SyncRegion region, final SyncOptions options) {
        return new Condition(lock, region, options);
    }

    /**
     * Creates a condition in a file of its own, bound to a {@link Lock} or {@link RLock}: use this for several
     * conditions over one lock (say "not empty" and "not full"), where {@code newCondition()} would give the
     * same one. Waiter capacity is {@link SyncOptions#maxWaiters(int)}.
     *
     * @param file    where to create the condition's file
     * @param lock    the lock, a {@link Lock} or {@link RLock} handle
     * @param options how waiters wait, and the waiter capacity
     * @return the condition
     * @throws IllegalArgumentException when {@code lock} is not a shmproc {@link Lock} or {@link RLock}
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    public static Condition create(final Path file, final java.util.concurrent.locks.Lock lock,
                                   final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new Condition(shared, SyncRegion.create(file, SyncType.CONDITION, 0, options.maxWaiters()),
            options.copy()).standalone();
    }

    /**
     * Attaches to a condition file, bound to the lock every process uses with it.
     *
     * @param file    the condition's file
     * @param lock    the lock, a {@link Lock} or {@link RLock} handle
     * @param options how waiters wait
     * @return the condition
     * @throws IllegalArgumentException when {@code lock} is not a shmproc {@link Lock} or {@link RLock}
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt, or not a condition
     */
    public static Condition attach(final Path file, final java.util.concurrent.locks.Lock lock,
                                   final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new Condition(shared, SyncRegion.attach(file, SyncType.CONDITION), options.copy()).standalone();
    }

    /**
     * Attaches to a condition file, creating it first if it does not exist.
     *
     * @param file    the condition's file
     * @param lock    the lock, a {@link Lock} or {@link RLock} handle
     * @param options how waiters wait, and the waiter capacity of a new file
     * @return the condition
     * @throws IllegalArgumentException when {@code lock} is not a shmproc {@link Lock} or {@link RLock}
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created or attached
     */
    public static Condition open(final Path file, final java.util.concurrent.locks.Lock lock,
                                 final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new Condition(shared, SyncRegion.open(file, SyncType.CONDITION, 0, options.maxWaiters()),
            options.copy()).standalone();
    }

    private static AbstractLock crossProcessLock(final java.util.concurrent.locks.Lock lock) {
        if (lock instanceof AbstractLock) {
            return (AbstractLock) lock;
        }
        throw new IllegalArgumentException("lock=" + lock + " is not a shmproc Lock or RLock; a cross-process"
            + " condition needs a cross-process lock");
    }

    private Condition standalone() {
        standalone = true;
        return this;
    }

    /**
     * Releases this process's handle on a condition's own file ({@link #create}); for a lock's condition
     * ({@code newCondition()}) closing the lock does that. Idempotent.
     */
    public void close() {
        if (standalone) {
            region.close();
        }
    }

    /**
     * Waits until signalled or interrupted.
     *
     * @throws InterruptedException         when interrupted (the lock is held again when it is thrown)
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void await() throws InterruptedException {
        awaitNanosInternal(-1, true);
    }

    /**
     * Waits until signalled; an interrupt is remembered, not obeyed.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void awaitUninterruptibly() {
        try {
            awaitNanosInternal(-1, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("uninterruptible wait was interrupted", e);
        }
    }

    /**
     * Waits until signalled, interrupted, or the time passes.
     *
     * @param nanosTimeout the longest wait
     * @return an estimate of the time left (positive when signalled), or 0 or less on timeout
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public long awaitNanos(final long nanosTimeout) throws InterruptedException {
        final long start = System.nanoTime();
        final long timeout = Math.max(0, nanosTimeout);
        if (awaitNanosInternal(timeout, true)) {
            return Math.max(1, timeout - (System.nanoTime() - start));
        }
        return Math.min(0, timeout - (System.nanoTime() - start));
    }

    /**
     * Waits until signalled, interrupted, or the time passes.
     *
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return {@code true} when signalled, {@code false} when the time passed first
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanosInternal(Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Waits until signalled, interrupted, or the deadline passes.
     *
     * @param deadline the wall-clock deadline
     * @return {@code true} when signalled
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public boolean awaitUntil(final Date deadline) throws InterruptedException {
        final long millis = deadline.getTime() - System.currentTimeMillis();
        return awaitNanosInternal(Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis)), true);
    }

    /**
     * Python's {@code wait_for}: waits until the predicate, evaluated with the lock held, becomes true or the
     * time passes.
     *
     * @param predicate the condition to wait for, checked first and after every wake-up
     * @param time      the longest wait in all
     * @param unit      the unit of {@code time}
     * @return the predicate's last value: {@code false} means the time passed first
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public boolean waitFor(final BooleanSupplier predicate, final long time, final TimeUnit unit)
        throws InterruptedException {
        final long deadline = System.nanoTime() + Math.max(0, unit.toNanos(time));
        boolean result = predicate.getAsBoolean();
        while (!result) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            awaitNanosInternal(left, true);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Python's {@code wait_for} without a timeout: waits until the predicate, evaluated with the lock held,
     * becomes true.
     *
     * @param predicate the condition to wait for
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public void waitFor(final BooleanSupplier predicate) throws InterruptedException {
        while (!predicate.getAsBoolean()) {
            awaitNanosInternal(-1, true);
        }
    }

    /**
     * Wakes the live waiter with the oldest ticket, in whatever process; no effect when none waits.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void signal() {
        requireHeld("signal");
        while (true) {
            int oldest = -1;
            long oldestWord = 0;
            for (int i = 0; i < capacity; i++) {
                final long word = buffer.getLongVolatile(SyncLayout.waiterOffset(i) + SyncLayout.WAITER_WORD_OFFSET);
                if ((word & STATE_MASK) == WAITING && (oldest < 0 || word < oldestWord)) {
                    oldest = i;
                    oldestWord = word;
                }
            }
            if (oldest < 0) {
                return;
            }
            final int entry = SyncLayout.waiterOffset(oldest);
            if (!liveness.isAlive(buffer.getInt(entry + SyncLayout.WAITER_OWNER_OFFSET))) {
                buffer.compareAndSetLong(entry + SyncLayout.WAITER_WORD_OFFSET, oldestWord, 0);
                continue;
            }
            if (buffer.compareAndSetLong(entry + SyncLayout.WAITER_WORD_OFFSET, oldestWord,
                (oldestWord & ~STATE_MASK) | SIGNALLED)) {
                wakeSleepers();
                return;
            }
        }
    }

    /**
     * Wakes up to {@code n} live waiters, oldest first, in whatever processes (Python's {@code notify(n)}).
     *
     * @param n the most waiters to wake, at least 0
     * @throws IllegalArgumentException     when {@code n} is negative
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public void signal(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " is negative; give the number of waiters to wake");
        }
        requireHeld("signal");
        for (int i = 0; i < n; i++) {
            signal();
        }
    }

    /**
     * Wakes every waiter, in every process.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    @Override
    public void signalAll() {
        requireHeld("signalAll");
        for (int i = 0; i < capacity; i++) {
            final int offset = SyncLayout.waiterOffset(i) + SyncLayout.WAITER_WORD_OFFSET;
            final long word = buffer.getLongVolatile(offset);
            if ((word & STATE_MASK) == WAITING) {
                buffer.compareAndSetLong(offset, word, (word & ~STATE_MASK) | SIGNALLED);
            }
        }
        wakeSleepers();
    }

    /** The table of waiters asleep in the kernel on this condition (for tests). */
    io.shmproc.memory.Sleepers sleepers() {
        return region.sleepers();
    }

    /** After a signal (its CAS is a full fence): wakes waiters asleep in the kernel; one load when none is. */
    private void wakeSleepers() {
        if (region.sleepers().anyone()) {
            region.sleepers().wakeAll();
        }
    }

    /**
     * The lock this condition is bound to: a {@link Lock} or an {@link RLock} handle.
     *
     * @return the lock to hold around {@code await} and {@code signal}
     */
    public java.util.concurrent.locks.Lock lock() {
        return lock;
    }

    private void requireHeld(final String operation) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException(operation + ": the current thread does not hold the lock "
                + lock.file());
        }
    }

    private boolean awaitNanosInternal(final long timeoutNanos, final boolean interruptible)
        throws InterruptedException {
        requireHeld("await");
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        final int entry = register();
        final int wordOffset = entry + SyncLayout.WAITER_WORD_OFFSET;
        final int holds = lock.releaseForWait();
        boolean signalled = false;
        boolean interrupted = false;
        try {
            final long start = System.nanoTime();
            final IdleStrategy idle = SyncOptions.deadline(options.newIdleStrategy(region.sleepers()),
                timeoutNanos >= 0 ? start + timeoutNanos : Long.MAX_VALUE);
            while (true) {
                final long word = buffer.getLongVolatile(wordOffset);
                if ((word & STATE_MASK) == SIGNALLED) {
                    signalled = true;
                    break;
                }
                if (Thread.currentThread().isInterrupted() && interruptible) {
                    interrupted = true;
                } else {
                    final long now = System.nanoTime();
                    if (timeoutNanos < 0 || now - start < timeoutNanos) {
                        idle.idle();
                        continue;
                    }
                    // timed out: withdraw the entry below
                }
                if (buffer.compareAndSetLong(wordOffset, word, 0)) {
                    break; // withdrawn: a timeout leaves no trace
                }
                // signalled in the meantime: loop once more to take the signal
            }
            if (signalled) {
                buffer.putLongRelease(wordOffset, 0);
            }
            SyncOptions.done(idle);
        } finally {
            lock.reacquireAfterWait(holds);
        }
        if (signalled) {
            return true;
        }
        if (interrupted) {
            Thread.interrupted();
            throw new InterruptedException();
        }
        return false;
    }

    private int register() {
        final long ticket = buffer.getAndAddLong(SyncLayout.SEQUENCE_OFFSET, 1) + 1;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < capacity; i++) {
                final int entry = SyncLayout.waiterOffset(i);
                final int wordOffset = entry + SyncLayout.WAITER_WORD_OFFSET;
                final long word = buffer.getLongVolatile(wordOffset);
                // under the lock no entry is half-registered unless its owner died, so a dead owner's entry
                // (reserved, waiting or signalled) is free for the taking
                final boolean free = word == 0 || (pass == 1
                    && !liveness.isAlive(buffer.getInt(entry + SyncLayout.WAITER_OWNER_OFFSET)));
                if (free && buffer.compareAndSetLong(wordOffset, word, RESERVED)) {
                    buffer.putInt(entry + SyncLayout.WAITER_OWNER_OFFSET, liveness.selfToken());
                    // Publishes the owner token before the entry can be seen as waiting.
                    buffer.putLongRelease(wordOffset, (ticket << 2) | WAITING);
                    return entry;
                }
            }
        }
        throw new IllegalStateException("the condition of " + lock.file() + " already has " + capacity
            + " waiters in all processes; create the lock with a larger SyncOptions.maxWaiters");
    }

    private Object writeReplace() {
        return new Ref(lock, standalone ? region.file().toString() : null, options);
    }

    @Override
    public String toString() {
        int waiting = 0;
        for (int i = 0; i < capacity; i++) {
            if ((buffer.getLongVolatile(SyncLayout.waiterOffset(i)) & STATE_MASK) == WAITING) {
                waiting++;
            }
        }
        return "Condition[" + lock.file() + ", " + waiting + " waiting]";
    }

    /** The serialized form: the lock's handle; re-attaches as the lock's condition. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final java.util.concurrent.locks.Lock lock;
        private final String file;
        private final SyncOptions options;

        Ref(final java.util.concurrent.locks.Lock lock, final String file, final SyncOptions options) {
            this.lock = lock;
            this.file = file;
            this.options = options;
        }

        private Object readResolve() {
            return file == null ? lock.newCondition() : Condition.attach(Path.of(file), lock, options);
        }
    }
}
