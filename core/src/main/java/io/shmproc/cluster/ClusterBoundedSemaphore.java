package io.shmproc.cluster;

import io.shmproc.sync.BoundedSemaphore;

/**
 * The cluster's {@link BoundedSemaphore}: a release that would exceed the initial count throws
 * {@link IllegalStateException} (Python's {@code ValueError}) and changes nothing.
 */
final class ClusterBoundedSemaphore extends ClusterPermits implements BoundedSemaphore {
    private static final long serialVersionUID = 1L;

    ClusterBoundedSemaphore(final ClusterOps ops, final String name, final int initial) {
        super(ops, name, initial, initial);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String semaphoreName = name;
        final int permits = initialPermits();
        return mp -> mp.boundedSemaphore(semaphoreName, permits);
    }
}
