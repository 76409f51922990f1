package io.shmproc.sync;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local implementation of {@link Lock}: see there for what it guarantees.
 */
final class LocalLock extends AbstractLock implements Lock {
    private static final long serialVersionUID = 1L;

    private final LockWord word;

    LocalLock(final SyncRegion region, final SyncOptions options) {
        super(region, options);
        this.word = lockWord();
    }

    public static Lock create(final Path file, final SyncOptions options) {
        return new LocalLock(SyncRegion.create(file, SyncType.LOCK, 0, options.maxWaiters()), options);
    }

    public static Lock attach(final Path file, final SyncOptions options) {
        return new LocalLock(SyncRegion.attach(file, SyncType.LOCK), options);
    }

    public static Lock open(final Path file) {
        return open(file, SyncOptions.defaults());
    }

    public static Lock open(final Path file, final SyncOptions options) {
        return new LocalLock(SyncRegion.open(file, SyncType.LOCK, 0, options.maxWaiters()), options);
    }

    @Override
    public void lock() {
        checkOpen();
        final long self = word.self();
        if (!word.tryAcquire(self)) {
            rejectReentry(self, "lock");
            word.acquireUninterruptibly(self);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        checkOpen();
        final long self = word.self();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!word.tryAcquire(self)) {
            rejectReentry(self, "lockInterruptibly");
            word.acquire(self, -1, true);
        }
    }

    @Override
    public boolean tryLock() {
        checkOpen();
        return word.tryAcquire(word.self());
    }

    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        checkOpen();
        return word.acquire(word.self(), Math.max(0, unit.toNanos(time)), true);
    }

    @Override
    public void unlock() {
        word.release(word.self());
    }

    @Override
    public Condition newCondition() {
        return condition();
    }

    @Override
    int releaseForWait() {
        word.release(word.self());
        return 1;
    }

    @Override
    void reacquireAfterWait(final int holds) {
        word.acquireUninterruptibly(word.self());
    }

    private void rejectReentry(final long self, final String operation) {
        if (word.isOwnedBy(self)) {
            throw new IllegalStateException(operation + ": the current thread already holds " + file()
                + "; a Lock is not reentrant (use RLock)");
        }
    }

    @Override
    public String toString() {
        return "Lock[" + file() + ", " + word.describe(word.word()) + "]";
    }
}
