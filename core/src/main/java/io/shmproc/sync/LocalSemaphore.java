package io.shmproc.sync;

import java.nio.file.Path;

/**
 * The local implementation of {@link Semaphore}: see there for what it guarantees.
 */
final class LocalSemaphore extends AbstractSemaphore implements Semaphore {
    private static final long serialVersionUID = 1L;

    LocalSemaphore(final SyncRegion region, final SyncOptions options) {
        super(region, options, Permits.UNBOUNDED);
    }

    public static Semaphore create(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new LocalSemaphore(SyncRegion.create(file, SyncType.SEMAPHORE, permits, 1), options);
    }

    public static Semaphore attach(final Path file, final SyncOptions options) {
        return new LocalSemaphore(SyncRegion.attach(file, SyncType.SEMAPHORE), options);
    }

    public static Semaphore open(final Path file, final int initial) {
        return open(file, initial, SyncOptions.defaults());
    }

    public static Semaphore open(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new LocalSemaphore(SyncRegion.open(file, SyncType.SEMAPHORE, permits, 1), options);
    }
}
