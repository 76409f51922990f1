package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.LivenessTable;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

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
public final class Barrier extends SyncHandle {
    private static final long serialVersionUID = 1L;
    private static final int GENERATION = SyncLayout.STATE_A_OFFSET;
    private static final int ARRIVED = SyncLayout.STATE_B_OFFSET;
    private static final int BROKEN = SyncLayout.STATE_C_OFFSET;
    private static final int RESETTING = SyncLayout.STATE_D_OFFSET;

    private final AtomicBuffer buffer;
    private final LockWord mutex;
    private final LivenessTable liveness;
    private final Runnable action;
    private final int parties;

    private Barrier(final SyncRegion region, final Runnable action, final SyncOptions options) {
        super(region, options, "barrier");
        this.buffer = region.buffer();
        this.liveness = region.liveness();
        this.action = action;
        this.parties = region.param();
        this.mutex = new LockWord(buffer, SyncLayout.LOCK_WORD_OFFSET, liveness, options(), region.sleepers());
    }

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
    public static Barrier create(final Path file, final int parties, final Runnable action,
                                 final SyncOptions options) {
        return new Barrier(SyncRegion.create(file, SyncType.BARRIER, checkParties(parties), parties), action,
            options);
    }

    /**
     * Attaches to an existing barrier file.
     *
     * @param file    the barrier's file
     * @param options how waiters wait
     * @return a handle without an action
     * @throws RegionException when the file is missing, corrupt, or not a {@code Barrier}
     */
    public static Barrier attach(final Path file, final SyncOptions options) {
        return attach(file, null, options);
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
    public static Barrier attach(final Path file, final Runnable action, final SyncOptions options) {
        return new Barrier(SyncRegion.attach(file, SyncType.BARRIER), action, options);
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
    public static Barrier open(final Path file, final int parties) {
        return open(file, parties, null, SyncOptions.defaults());
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
    public static Barrier open(final Path file, final int parties, final Runnable action,
                               final SyncOptions options) {
        return new Barrier(SyncRegion.open(file, SyncType.BARRIER, checkParties(parties), parties), action,
            options);
    }

    private static int checkParties(final int parties) {
        if (parties < 1 || parties > SyncLayout.MAX_WAITERS) {
            throw new IllegalArgumentException("parties=" + parties + " is out of range; expected 1 to "
                + SyncLayout.MAX_WAITERS);
        }
        return parties;
    }

    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
     * @throws InterruptedException   when interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws ClosedException        when this handle is closed
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitNanos(-1);
        } catch (final TimeoutException e) {
            throw new AssertionError("untimed await timed out", e);
        }
    }

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
    public int await(final long time, final TimeUnit unit)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitNanos(Math.max(0, unit.toNanos(time)));
    }

    /**
     * Waits until every party has arrived or the time passes.
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws InterruptedException   when interrupted while waiting
     * @throws BrokenBarrierException when the barrier is or becomes broken
     * @throws TimeoutException       when the time passed first
     */
    public int await(final Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private int awaitNanos(final long timeoutNanos)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        checkOpen();
        final long start = System.nanoTime();
        IdleStrategy idle = null;
        long nextProbe = start;
        while (true) {
            final long current = buffer.getLongVolatile(GENERATION);
            final boolean resetting = buffer.getLongVolatile(BROKEN) == current
                && buffer.getLongVolatile(RESETTING) != 0;
            if (resetting && System.nanoTime() - nextProbe < 0) {
                // wait for the reset's waiters to leave without taking the barrier's lock from them
                if (idle == null) {
                    idle = options().newIdleStrategy();
                }
                waitForResetStep(start, timeoutNanos, idle);
                continue;
            }
            final long generation;
            final int index;
            final long self = enter();
            try {
                generation = buffer.getLongVolatile(GENERATION);
                if (buffer.getLongVolatile(BROKEN) == generation) {
                    if (buffer.getLongVolatile(RESETTING) == 0) {
                        throw new BrokenBarrierException();
                    }
                    // a reset waits for the broken generation's waiters to leave: wait for the fresh one
                    if (System.nanoTime() - nextProbe >= 0) {
                        nextProbe = System.nanoTime() + options().livenessCheckNanos();
                        reapDeadWaiters(generation);
                    }
                    index = -1;
                } else {
                    if (Thread.interrupted()) {
                        breakGeneration(generation);
                        throw new InterruptedException();
                    }
                    index = (int) buffer.getLongVolatile(ARRIVED);
                    if (index + 1 == parties) {
                        trip(generation);
                        return 0;
                    }
                    buffer.putInt(SyncLayout.waiterOffset(index) + SyncLayout.WAITER_OWNER_OFFSET,
                        liveness.selfToken());
                    buffer.putLongVolatile(ARRIVED, index + 1);
                }
            } finally {
                mutex.release(self);
            }
            if (index >= 0) {
                return waitForTrip(generation, index, start, timeoutNanos);
            }
            if (idle == null) {
                idle = options().newIdleStrategy();
            }
            waitForResetStep(start, timeoutNanos, idle);
        }
    }

    private void waitForResetStep(final long start, final long timeoutNanos, final IdleStrategy idle)
        throws InterruptedException, TimeoutException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while barrier " + file() + " was being reset");
        }
        if (timeoutNanos >= 0 && System.nanoTime() - start >= timeoutNanos) {
            throw new TimeoutException("barrier " + file() + " was still being reset after "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (the waiters of the generation it broke"
                + " had not all left)");
        }
        idle.idle();
    }

    private int waitForTrip(final long generation, final int index, final long start, final long timeoutNanos)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        final IdleStrategy idle = SyncOptions.deadline(options().newIdleStrategy(region().sleepers()),
            timeoutNanos >= 0 ? start + timeoutNanos : Long.MAX_VALUE);
        try {
            return awaitTrip(generation, index, start, timeoutNanos, idle);
        } finally {
            SyncOptions.done(idle); // the trip and every break happen under the mutex, whose release wakes sleepers
        }
    }

    private int awaitTrip(final long generation, final int index, final long start, final long timeoutNanos,
                          final IdleStrategy idle)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        long nextProbe = start + options().livenessCheckNanos();
        while (true) {
            // A broken generation stays current until this waiter leaves (see reset), so the two reads agree.
            if (buffer.getLongVolatile(BROKEN) == generation) {
                leave(generation, index);
                throw new BrokenBarrierException();
            }
            if (buffer.getLongVolatile(GENERATION) != generation) {
                return parties - 1 - index;
            }
            final long now = System.nanoTime();
            if (Thread.interrupted()) {
                if (breakIfCurrent(generation, index)) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt(); // tripped meanwhile: keep the interrupt, report the trip
                continue;
            }
            if (timeoutNanos >= 0 && now - start >= timeoutNanos) {
                if (breakIfCurrent(generation, index)) {
                    throw new TimeoutException("barrier " + file() + " timed out after "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms with " + getNumberWaiting() + " of "
                        + parties + " parties waiting; it is now broken for every waiter");
                }
                continue;
            }
            if (now - nextProbe >= 0) {
                nextProbe = now + options().livenessCheckNanos();
                final long deadPid = deadParty(generation);
                if (deadPid != 0 && breakIfCurrent(generation, index)) {
                    throw new BrokenBarrierException("barrier " + file() + " broken: a waiting party"
                        + (deadPid > 0 ? " (pid " + deadPid + ")" : "") + " died");
                }
            }
            idle.idle();
        }
    }

    /** A waiter of a broken generation leaves it; the last to leave completes a pending reset. */
    private void leave(final long generation, final int index) {
        final long self = enter();
        try {
            if (buffer.getLongVolatile(GENERATION) != generation) {
                return;
            }
            final int owner = SyncLayout.waiterOffset(index) + SyncLayout.WAITER_OWNER_OFFSET;
            if (buffer.getInt(owner) == liveness.selfToken()) {
                buffer.putInt(owner, LivenessTable.NO_TOKEN);
                buffer.putLongVolatile(ARRIVED, buffer.getLongVolatile(ARRIVED) - 1);
            }
            completeResetIfDrained(generation);
        } finally {
            mutex.release(self);
        }
    }

    /** Lock holder only: counts the dead waiters of a broken generation as gone. */
    private void reapDeadWaiters(final long generation) {
        final int capacity = parties;
        for (int i = 0; i < capacity; i++) {
            final int owner = SyncLayout.waiterOffset(i) + SyncLayout.WAITER_OWNER_OFFSET;
            final int token = buffer.getInt(owner);
            if (token != LivenessTable.NO_TOKEN && !liveness.isAlive(token)) {
                buffer.putInt(owner, LivenessTable.NO_TOKEN);
                buffer.putLongVolatile(ARRIVED, buffer.getLongVolatile(ARRIVED) - 1);
            }
        }
        completeResetIfDrained(generation);
    }

    /** Lock holder only: once a reset generation has no waiter left, starts the fresh generation. */
    private void completeResetIfDrained(final long generation) {
        if (buffer.getLongVolatile(RESETTING) != 0 && buffer.getLongVolatile(ARRIVED) <= 0) {
            buffer.putLongVolatile(ARRIVED, 0);
            buffer.putLongVolatile(RESETTING, 0);
            // Publishes the fresh generation; the broken word names the old one, so it is not broken.
            buffer.putLongVolatile(GENERATION, generation + 1);
        }
    }

    private long deadParty(final long generation) {
        final int arrived = (int) buffer.getLongVolatile(ARRIVED);
        for (int i = 0; i < arrived && buffer.getLongVolatile(GENERATION) == generation; i++) {
            final int token = buffer.getInt(SyncLayout.waiterOffset(i) + SyncLayout.WAITER_OWNER_OFFSET);
            if (!liveness.isAlive(token)) {
                final long pid = liveness.pidOf(token);
                return pid > 0 ? pid : -1;
            }
        }
        return 0;
    }

    private void trip(final long generation) throws BrokenBarrierException {
        if (action != null) {
            try {
                action.run();
            } catch (final RuntimeException | Error e) {
                breakGeneration(generation);
                throw e;
            }
        }
        // The tripped waiters do not leave: free their entries for the next generation.
        for (int i = 0; i < parties - 1; i++) {
            buffer.putInt(SyncLayout.waiterOffset(i) + SyncLayout.WAITER_OWNER_OFFSET, LivenessTable.NO_TOKEN);
        }
        buffer.putLongVolatile(ARRIVED, 0);
        // Publishes the end of the generation (and the action's writes) to every waiter.
        buffer.putLongVolatile(GENERATION, generation + 1);
    }

    private long enter() {
        final long self = mutex.self();
        mutex.acquireUninterruptibly(self);
        if ((mutex.word() & LockWord.DIED) != 0) {
            // a party died inside the barrier's own critical section: its state cannot be trusted
            breakGeneration(buffer.getLongVolatile(GENERATION));
        }
        return self;
    }

    private boolean breakIfCurrent(final long generation, final int index) {
        final long self = enter();
        try {
            if (buffer.getLongVolatile(GENERATION) != generation) {
                return false;
            }
            breakGeneration(generation);
        } finally {
            mutex.release(self);
        }
        leave(generation, index);
        return true;
    }

    private void breakGeneration(final long generation) {
        buffer.putLongVolatile(BROKEN, generation);
    }

    /**
     * Breaks the barrier for every current and future waiter until {@link #reset()}; Python's {@code abort()}.
     */
    public void abort() {
        final long self = enter();
        try {
            // a pending reset is cancelled: the barrier stays broken
            buffer.putLongVolatile(RESETTING, 0);
            breakGeneration(buffer.getLongVolatile(GENERATION));
        } finally {
            mutex.release(self);
        }
    }

    /**
     * Breaks the current generation (its waiters get {@link BrokenBarrierException}) and starts a fresh one:
     * at once when no party waits, otherwise as soon as the last of them has left (threads arriving meanwhile
     * wait for the fresh generation). Does not wait itself.
     */
    public void reset() {
        final long self = enter();
        try {
            final long generation = buffer.getLongVolatile(GENERATION);
            if (buffer.getLongVolatile(ARRIVED) <= 0) {
                buffer.putLongVolatile(ARRIVED, 0);
                buffer.putLongVolatile(RESETTING, 0);
                buffer.putLongVolatile(GENERATION, generation + 1);
                return;
            }
            // Waiters read the broken word before the generation: both stay put until the last one left.
            buffer.putLongVolatile(RESETTING, 1);
            breakGeneration(generation);
            reapDeadWaiters(generation);
        } finally {
            mutex.release(self);
        }
    }

    /**
     * Whether the current generation is broken.
     *
     * @return {@code true} when broken
     */
    public boolean isBroken() {
        return buffer.getLongVolatile(BROKEN) == buffer.getLongVolatile(GENERATION)
            && buffer.getLongVolatile(RESETTING) == 0;
    }

    /**
     * The number of parties.
     *
     * @return the parties the barrier was created with
     */
    public int getParties() {
        return parties;
    }

    /**
     * The number of parties waiting now, in all processes.
     *
     * @return 0 to {@code parties - 1}
     */
    public int getNumberWaiting() {
        return buffer.getLongVolatile(BROKEN) == buffer.getLongVolatile(GENERATION) ? 0
            : (int) buffer.getLongVolatile(ARRIVED);
    }

    @Override
    Object writeReplace() {
        return new Ref(file().toString(), action instanceof Serializable ? action : null, options());
    }

    @Override
    public String toString() {
        return "Barrier[" + file() + ", " + getNumberWaiting() + " of " + parties + " waiting"
            + (isBroken() ? ", broken" : "") + "]";
    }

    /** The serialized form: the file, a serializable action, and the options; re-attaches when read. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final Runnable action;
        private final SyncOptions options;

        Ref(final String file, final Runnable action, final SyncOptions options) {
            this.file = file;
            this.action = action;
            this.options = options;
        }

        private Object readResolve() {
            return Barrier.attach(Path.of(file), action, options);
        }
    }
}
