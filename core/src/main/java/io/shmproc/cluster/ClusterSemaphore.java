package io.shmproc.cluster;

/**
 * The cluster's {@link io.shmproc.sync.Semaphore}: releases beyond the initial count are allowed.
 */
final class ClusterSemaphore extends ClusterPermits {
    private static final long serialVersionUID = 1L;

    ClusterSemaphore(final ClusterOps ops, final String name, final int initial) {
        super(ops, name, initial, -1);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String semaphoreName = name;
        final int permits = initialPermits();
        return mp -> mp.semaphore(semaphoreName, permits);
    }
}
