package io.shmproc.sync;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
public interface Condition extends java.util.concurrent.locks.Condition, AutoCloseable, Serializable {
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
    static Condition create(final Path file, final java.util.concurrent.locks.Lock lock, final SyncOptions options) {
        return LocalCondition.create(file, lock, options);
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
    static Condition attach(final Path file, final java.util.concurrent.locks.Lock lock, final SyncOptions options) {
        return LocalCondition.attach(file, lock, options);
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
    static Condition open(final Path file, final java.util.concurrent.locks.Lock lock, final SyncOptions options) {
        return LocalCondition.open(file, lock, options);
    }

    /**
     * Releases this process's handle on a condition's own file ({@link #create}); for a lock's condition
     * ({@code newCondition()}) closing the lock does that. Idempotent.
     */
    void close();

    /**
     * Waits until signalled or interrupted.
     *
     * @throws InterruptedException         when interrupted (the lock is held again when it is thrown)
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void await() throws InterruptedException;

    /**
     * Waits until signalled; an interrupt is remembered, not obeyed.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void awaitUninterruptibly();

    /**
     * Waits until signalled, interrupted, or the time passes.
     *
     * @param nanosTimeout the longest wait
     * @return an estimate of the time left (positive when signalled), or 0 or less on timeout
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    long awaitNanos(final long nanosTimeout) throws InterruptedException;

    /**
     * Waits until signalled, interrupted, or the time passes.
     *
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return {@code true} when signalled, {@code false} when the time passed first
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    boolean await(final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Waits until signalled, interrupted, or the deadline passes.
     *
     * @param deadline the wall-clock deadline
     * @return {@code true} when signalled
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    boolean awaitUntil(final Date deadline) throws InterruptedException;

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
    boolean waitFor(final BooleanSupplier predicate, final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Python's {@code wait_for} without a timeout: waits until the predicate, evaluated with the lock held,
     * becomes true.
     *
     * @param predicate the condition to wait for
     * @throws InterruptedException         when interrupted
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void waitFor(final BooleanSupplier predicate) throws InterruptedException;

    /**
     * Wakes the live waiter with the oldest ticket, in whatever process; no effect when none waits.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void signal();

    /**
     * Wakes up to {@code n} live waiters, oldest first, in whatever processes (Python's {@code notify(n)}).
     *
     * @param n the most waiters to wake, at least 0
     * @throws IllegalArgumentException     when {@code n} is negative
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void signal(final int n);

    /**
     * Wakes every waiter, in every process.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    void signalAll();

    /**
     * The lock this condition is bound to: a {@link Lock} or an {@link RLock} handle.
     *
     * @return the lock to hold around {@code await} and {@code signal}
     */
    java.util.concurrent.locks.Lock lock();
}
