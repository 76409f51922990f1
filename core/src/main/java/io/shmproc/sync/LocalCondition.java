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
 * The local implementation of {@link Condition}: see there for what it guarantees.
 */
final class LocalCondition implements Condition {
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

    LocalCondition(final AbstractLock lock, final SyncRegion region, final SyncOptions options) {
        this.lock = lock;
        this.region = region;
        this.buffer = region.buffer();
        this.liveness = region.liveness();
        this.options = options;
        this.capacity = region.waiterCapacity();
    }

    static Condition of(final AbstractLock lock, final SyncRegion region, final SyncOptions options) {
        return new LocalCondition(lock, region, options);
    }

    public static Condition create(final Path file, final java.util.concurrent.locks.Lock lock,
                                   final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new LocalCondition(shared, SyncRegion.create(file, SyncType.CONDITION, 0, options.maxWaiters()),
            options.copy()).standalone();
    }

    public static Condition attach(final Path file, final java.util.concurrent.locks.Lock lock,
                                   final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new LocalCondition(shared, SyncRegion.attach(file, SyncType.CONDITION), options.copy()).standalone();
    }

    public static Condition open(final Path file, final java.util.concurrent.locks.Lock lock,
                                 final SyncOptions options) {
        final AbstractLock shared = crossProcessLock(lock);
        return new LocalCondition(shared, SyncRegion.open(file, SyncType.CONDITION, 0, options.maxWaiters()),
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

    @Override
    public void close() {
        if (standalone) {
            region.close();
        }
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanosInternal(-1, true);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitNanosInternal(-1, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("uninterruptible wait was interrupted", e);
        }
    }

    @Override
    public long awaitNanos(final long nanosTimeout) throws InterruptedException {
        final long start = System.nanoTime();
        final long timeout = Math.max(0, nanosTimeout);
        if (awaitNanosInternal(timeout, true)) {
            return Math.max(1, timeout - (System.nanoTime() - start));
        }
        return Math.min(0, timeout - (System.nanoTime() - start));
    }

    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanosInternal(Math.max(0, unit.toNanos(time)), true);
    }

    @Override
    public boolean awaitUntil(final Date deadline) throws InterruptedException {
        final long millis = deadline.getTime() - System.currentTimeMillis();
        return awaitNanosInternal(Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis)), true);
    }

    @Override
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

    @Override
    public void waitFor(final BooleanSupplier predicate) throws InterruptedException {
        while (!predicate.getAsBoolean()) {
            awaitNanosInternal(-1, true);
        }
    }

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

    @Override
    public void signal(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " is negative; give the number of waiters to wake");
        }
        requireHeld("signal");
        for (int i = 0; i < n; i++) {
            signal();
        }
    }

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

    @Override
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
