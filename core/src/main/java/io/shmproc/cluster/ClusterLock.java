package io.shmproc.cluster;

import io.shmproc.sync.Lock;

/**
 * The cluster's {@link Lock}: not reentrant; the holder's death (its session ending) passes it on with
 * {@code previousOwnerDied()}.
 */
final class ClusterLock extends ClusterLockBase implements Lock {
    private static final long serialVersionUID = 1L;

    ClusterLock(final ClusterOps ops, final String name) {
        super(ops, name, false);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String lockName = name;
        return mp -> mp.lock(lockName);
    }
}
