package io.shmproc.sync;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The local implementation of {@link RLock}: see there for what it guarantees.
 */
final class LocalRLock extends AbstractLock implements RLock {
    private static final long serialVersionUID = 1L;

    private final AtomicBuffer buffer;
    private final LockWord word;

    LocalRLock(final SyncRegion region, final SyncOptions options) {
        super(region, options);
        this.buffer = region.buffer();
        this.word = lockWord();
    }

    public static RLock create(final Path file, final SyncOptions options) {
        return new LocalRLock(SyncRegion.create(file, SyncType.RLOCK, 0, options.maxWaiters()), options);
    }

    public static RLock attach(final Path file, final SyncOptions options) {
        return new LocalRLock(SyncRegion.attach(file, SyncType.RLOCK), options);
    }

    public static RLock open(final Path file) {
        return open(file, SyncOptions.defaults());
    }

    public static RLock open(final Path file, final SyncOptions options) {
        return new LocalRLock(SyncRegion.open(file, SyncType.RLOCK, 0, options.maxWaiters()), options);
    }

    @Override
    public void lock() {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return;
        }
        if (!word.tryAcquire(self)) {
            word.acquireUninterruptibly(self);
        }
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        checkOpen();
        final long self = word.self();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (reenter(self)) {
            return;
        }
        word.acquire(self, -1, true);
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
    }

    @Override
    public boolean tryLock() {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return true;
        }
        if (word.tryAcquire(self)) {
            buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return true;
        }
        if (word.acquire(self, Math.max(0, unit.toNanos(time)), true)) {
            buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
            return true;
        }
        return false;
    }

    @Override
    public void unlock() {
        final long self = word.requireOwner("unlock");
        final long holds = buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) - 1;
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds);
        if (holds <= 0) {
            word.release(self);
        }
    }

    private boolean reenter(final long self) {
        if (!word.isOwnedBy(self)) {
            return false;
        }
        final long holds = buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET);
        if (holds >= Integer.MAX_VALUE) {
            throw new IllegalStateException("hold count of " + file() + " would exceed " + Integer.MAX_VALUE);
        }
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds + 1);
        return true;
    }

    @Override
    public int getHoldCount() {
        return isHeldByCurrentThread() ? (int) buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) : 0;
    }

    @Override
    public Condition newCondition() {
        return condition();
    }

    @Override
    int releaseForWait() {
        final long self = word.requireOwner("await");
        final int holds = (int) buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET);
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 0);
        word.release(self);
        return holds;
    }

    @Override
    void reacquireAfterWait(final int holds) {
        word.acquireUninterruptibly(word.self());
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds);
    }

    @Override
    public String toString() {
        final long current = word.word();
        return "RLock[" + file() + ", " + word.describe(current)
            + (current != 0 ? ", holds " + buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) : "") + "]";
    }
}
