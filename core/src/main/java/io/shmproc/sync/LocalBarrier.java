package io.shmproc.sync;

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
 * The local implementation of {@link Barrier}: see there for what it guarantees.
 */
final class LocalBarrier extends SyncHandle implements Barrier {
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
    /** The timeout of an untimed {@link #await()}, in nanoseconds, or -1 for none (a per-handle setting). */
    private final long defaultTimeoutNanos;

    LocalBarrier(final SyncRegion region, final Runnable action, final SyncOptions options) {
        this(region, action, -1, options);
    }

    LocalBarrier(final SyncRegion region, final Runnable action, final long defaultTimeoutNanos,
                    final SyncOptions options) {
        super(region, options, "barrier");
        this.defaultTimeoutNanos = defaultTimeoutNanos;
        this.buffer = region.buffer();
        this.liveness = region.liveness();
        this.action = action;
        this.parties = region.param();
        this.mutex = new LockWord(buffer, SyncLayout.LOCK_WORD_OFFSET, liveness, options(), region.sleepers());
    }

    public static Barrier create(final Path file, final int parties, final Runnable action,
                                 final SyncOptions options) {
        return new LocalBarrier(SyncRegion.create(file, SyncType.BARRIER, checkParties(parties), parties), action,
            options);
    }

    public static Barrier attach(final Path file, final SyncOptions options) {
        return attach(file, null, options);
    }

    public static Barrier attach(final Path file, final Runnable action, final SyncOptions options) {
        return new LocalBarrier(SyncRegion.attach(file, SyncType.BARRIER), action, options);
    }

    public static Barrier open(final Path file, final int parties) {
        return open(file, parties, null, SyncOptions.defaults());
    }

    public static Barrier open(final Path file, final int parties, final Runnable action,
                               final SyncOptions options) {
        return new LocalBarrier(SyncRegion.open(file, SyncType.BARRIER, checkParties(parties), parties), action,
            options);
    }

    public static Barrier open(final Path file, final int parties, final Runnable action,
                               final Duration defaultTimeout, final SyncOptions options) {
        final long nanos = checkTimeout(defaultTimeout);
        return new LocalBarrier(SyncRegion.open(file, SyncType.BARRIER, checkParties(parties), parties), action,
            nanos, options);
    }

    private static long checkTimeout(final Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("defaultTimeout=" + timeout + " is negative; give a duration of 0"
                + " or more, or null to wait for ever");
        }
        return timeout.toNanos();
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeoutNanos < 0 ? null : Duration.ofNanos(defaultTimeoutNanos);
    }

    private static int checkParties(final int parties) {
        if (parties < 1 || parties > SyncLayout.MAX_WAITERS) {
            throw new IllegalArgumentException("parties=" + parties + " is out of range; expected 1 to "
                + SyncLayout.MAX_WAITERS);
        }
        return parties;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitNanos(defaultTimeoutNanos);
        } catch (final TimeoutException e) {
            final BrokenBarrierException broken = new BrokenBarrierException("the barrier's default timeout of "
                + defaultTimeout() + " passed before every party arrived; the barrier is now broken");
            broken.initCause(e);
            throw broken;
        }
    }

    @Override
    public int await(final long time, final TimeUnit unit)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitNanos(Math.max(0, unit.toNanos(time)));
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
    public boolean isBroken() {
        return buffer.getLongVolatile(BROKEN) == buffer.getLongVolatile(GENERATION)
            && buffer.getLongVolatile(RESETTING) == 0;
    }

    @Override
    public int getParties() {
        return parties;
    }

    @Override
    public int getNumberWaiting() {
        return buffer.getLongVolatile(BROKEN) == buffer.getLongVolatile(GENERATION) ? 0
            : (int) buffer.getLongVolatile(ARRIVED);
    }

    @Override
    Object writeReplace() {
        return new Ref(file().toString(), action instanceof Serializable ? action : null, defaultTimeoutNanos,
            options());
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
        private final long defaultTimeoutNanos;
        private final SyncOptions options;

        Ref(final String file, final Runnable action, final long defaultTimeoutNanos, final SyncOptions options) {
            this.file = file;
            this.action = action;
            this.defaultTimeoutNanos = defaultTimeoutNanos;
            this.options = options;
        }

        private Object readResolve() {
            return new LocalBarrier(SyncRegion.attach(Path.of(file), SyncType.BARRIER), action, defaultTimeoutNanos,
                options);
        }
    }
}
