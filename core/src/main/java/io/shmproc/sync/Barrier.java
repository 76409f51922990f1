package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cyclic barrier shared by every process that opens its file, like Python's
 * {@code multiprocessing.Barrier} in the shape of {@link java.util.concurrent.CyclicBarrier}: {@code parties}
 * threads, in any processes, wait in {@link #await()} until the last arrives; then all proceed and the barrier
 * is reused for the next generation.
 *
 * <p><b>Action.</b> Each handle may carry an action; the thread that arrives last runs its own handle's
 * action, once per generation, before the others are released. An action that throws breaks the barrier.
 *
 * <p><b>Breaking.</b> A barrier breaks for every waiter, who all get {@link BrokenBarrierException}, when a
 * waiter times out (it gets {@link TimeoutException}), is interrupted, calls {@link #abort()}, when the action
 * throws, or when a waiting party's process dies: waiters are registered with their liveness token and check
 * each other every {@linkplain SyncOptions#livenessCheckMillis(long) liveness interval}. A party that dies
 * before arriving is not known to the barrier; use the timed {@link #await(long, TimeUnit)} for that.
 * {@link #reset()} breaks the current generation and starts a fresh one.
 *
 * <p><b>Consistency.</b> Every waiter learns its own generation's outcome: a generation ends either by its
 * trip (the generation word advances) or by breaking (the broken word names it), and a broken generation is
 * not replaced by {@link #reset()} until each of its waiters has left (or died): until then, new arrivals wait
 * (as in Python, whose {@code reset()} lets the waiters drain first), so no waiter can mistake a reset for a
 * trip.
 *
 * <pre>{@code
 * Barrier start = Barrier.open(dir.resolve("start"), 4);
 * int arrival = start.await(10, TimeUnit.SECONDS);   // parties-1 for the first to arrive, 0 for the last
 * }</pre>
 *
 * <p>Limits: 1 to 65536 parties. A serializable handle; its action travels with it only when the action is
 * itself serializable.
 */
public interface Barrier extends AutoCloseable, Serializable {
    /**
     * Creates a new barrier file.
     *
     * @param file    where to create it
     * @param parties the number of threads that must arrive, 1 to 65536
     * @param action  run by the last thread to arrive in each generation, or {@code null}
     * @param options how waiters wait
     * @return the handle
     * @throws IllegalArgumentException when {@code parties} is out of range
     * @throws RegionException          when the file exists or cannot be created
     */
    static Barrier create(final Path file, final int parties, final Runnable action, final SyncOptions options) {
        return LocalBarrier.create(file, parties, action, options);
    }

    /**
     * Attaches to an existing barrier file.
     *
     * @param file    the barrier's file
     * @param options how waiters wait
     * @return a handle without an action
     * @throws RegionException when the file is missing, corrupt, or not a {@code Barrier}
     */
    static Barrier attach(final Path file, final SyncOptions options) {
        return LocalBarrier.attach(file, options);
    }

    /**
     * Attaches to an existing barrier file.
     *
     * @param file    the barrier's file
     * @param action  run by this handle's thread when it arrives last, or {@code null}
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not a {@code Barrier}
     */
    static Barrier attach(final Path file, final Runnable action, final SyncOptions options) {
        return LocalBarrier.attach(file, action, options);
    }

    /**
     * Attaches to the barrier file, creating it first if it does not exist.
     *
     * @param file    the barrier's file
     * @param parties the number of parties
     * @return a handle without an action
     * @throws IllegalArgumentException when the file exists with another number of parties, or out of range
     * @throws RegionException          when the file cannot be created or attached
     */
    static Barrier open(final Path file, final int parties) {
        return LocalBarrier.open(file, parties);
    }

    /**
     * Attaches to the barrier file, creating it first if it does not exist.
     *
     * @param file    the barrier's file
     * @param parties the number of parties
     * @param action  run by this handle's thread when it arrives last, or {@code null}
     * @param options how waiters wait
     * @return the handle
     * @throws IllegalArgumentException when the file exists with another number of parties, or out of range
     * @throws RegionException          when the file cannot be created or attached
     */
    static Barrier open(final Path file, final int parties, final Runnable action, final SyncOptions options) {
        return LocalBarrier.open(file, parties, action, options);
    }

    /**
     * Attaches to the barrier file, creating it first if it does not exist, with a default timeout for
     * {@link #await()} (Python's {@code Barrier(parties, action, timeout)}). The default belongs to this handle and
     * to the copies it makes when it travels to another process (as Python's pickled barrier); a handle attached
     * separately has its own (none unless given).
     *
     * @param file           the barrier's file
     * @param parties        the number of parties
     * @param action         run by this handle's thread when it arrives last, or {@code null}
     * @param defaultTimeout how long an untimed {@link #await()} waits before it breaks the barrier, or
     *                       {@code null} for ever
     * @param options        how waiters wait
     * @return the handle
     * @throws IllegalArgumentException when the timeout is negative, or the parties are out of range or differ
     * @throws RegionException          when the file cannot be created or attached
     */
    static Barrier open(final Path file, final int parties, final Runnable action, final Duration defaultTimeout,
        final SyncOptions options) {
        return LocalBarrier.open(file, parties, action, defaultTimeout, options);
    }

    /**
     * The timeout of an untimed {@link #await()} on this handle.
     *
     * @return the default timeout, or {@code null} when {@link #await()} waits for ever
     */
    Duration defaultTimeout();

    /**
     * Waits until every party has arrived, or for the handle's {@link #defaultTimeout()} when it has one: then, as
     * Python's {@code wait()}, the barrier breaks and this call throws {@link BrokenBarrierException} (whose cause
     * is a {@link TimeoutException}).
     *
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException when the barrier is or becomes broken, or the default timeout passed
     * @throws ClosedException        when this handle is closed
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits until every party has arrived or the time passes; a timeout breaks the barrier for everyone.
     *
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return the arrival index
     * @throws InterruptedException   when interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws TimeoutException       when the time passed first (the barrier is now broken)
     */
    int await(final long time, final TimeUnit unit)
        throws InterruptedException, BrokenBarrierException, TimeoutException;

    /**
     * Waits until every party has arrived or the time passes.
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws InterruptedException   when interrupted while waiting
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws TimeoutException       when the time passed first
     */
    int await(final Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /**
     * Breaks the barrier for every current and future waiter until {@link #reset()}; Python's {@code abort()}.
     */
    void abort();

    /**
     * Breaks the current generation (its waiters get {@link BrokenBarrierException}) and starts a fresh one:
     * at once when no party waits, otherwise as soon as the last of them has left (threads arriving meanwhile
     * wait for the fresh generation). Does not wait itself.
     */
    void reset();

    /**
     * Whether the current generation is broken.
     *
     * @return {@code true} when broken
     */
    boolean isBroken();

    /**
     * The number of parties.
     *
     * @return the parties the barrier was created with
     */
    int getParties();

    /**
     * The number of parties waiting now, in all processes.
     *
     * @return 0 to {@code parties - 1}
     */
    int getNumberWaiting();

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
