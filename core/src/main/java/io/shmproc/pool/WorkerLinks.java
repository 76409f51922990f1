package io.shmproc.pool;

/**
 * Where a pool whose workers may be on other hosts finds them (see {@link ProcessPool#create(PoolOptions,
 * WorkerLinks)}): a backend implements it, starting the pool's local workers and accepting workers that join from
 * other hosts. The cluster context's implementation rendezvouses through the cluster and links each worker by a
 * cluster pipe.
 *
 * <p>Only the pool's dispatcher thread calls {@link #poll}; {@link #close} is called once, when the pool ends.
 */
public interface WorkerLinks extends AutoCloseable {
    /**
     * A worker that joined since the last call, without waiting.
     *
     * @return the worker, or {@code null} when none joined
     */
    WorkerLink poll();

    /**
     * What the pool's messages call this set of workers, such as {@code pool 'squares' on aeron-cluster://...}.
     *
     * @return the description
     */
    String describe();

    /** Stops accepting workers and stops (or kills) the workers this side started; idempotent. */
    @Override
    void close();
}
