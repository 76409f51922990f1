package io.shmproc.sync;

import java.nio.file.Path;

/**
 * The local implementation of {@link BoundedSemaphore}: see there for what it guarantees.
 */
final class LocalBoundedSemaphore extends AbstractSemaphore implements BoundedSemaphore {
    private static final long serialVersionUID = 1L;

    LocalBoundedSemaphore(final SyncRegion region, final SyncOptions options) {
        super(region, options, region.param());
    }

    public static BoundedSemaphore create(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new LocalBoundedSemaphore(SyncRegion.create(file, SyncType.BOUNDED_SEMAPHORE, permits, 1), options);
    }

    public static BoundedSemaphore attach(final Path file, final SyncOptions options) {
        return new LocalBoundedSemaphore(SyncRegion.attach(file, SyncType.BOUNDED_SEMAPHORE), options);
    }

    public static BoundedSemaphore open(final Path file, final int initial) {
        return open(file, initial, SyncOptions.defaults());
    }

    public static BoundedSemaphore open(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new LocalBoundedSemaphore(SyncRegion.open(file, SyncType.BOUNDED_SEMAPHORE, permits, 1), options);
    }
}
