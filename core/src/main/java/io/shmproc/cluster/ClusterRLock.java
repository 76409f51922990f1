package io.shmproc.cluster;

import io.shmproc.sync.RLock;

/**
 * The cluster's {@link RLock}: reentrant, counted per thread of this client's session.
 */
final class ClusterRLock extends ClusterLockBase implements RLock {
    private static final long serialVersionUID = 1L;

    ClusterRLock(final ClusterOps ops, final String name) {
        super(ops, name, true);
    }

    @Override
    public int getHoldCount() {
        checkOpen();
        return ops.lockHoldCount(name, Thread.currentThread().getId());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String lockName = name;
        return mp -> mp.rlock(lockName);
    }
}
