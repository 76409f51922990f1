package io.shmproc.benchmarks.cluster;

/**
 * A remote store measured by {@link RemoteOpBench}: a shmproc cluster context or a Hazelcast client.
 *
 * <p>{@link #worker(int)} is called once per client thread before any timing; the worker's methods are then called
 * from that thread only. Objects every thread shares (the queue, the dict, the counter) are the same remote object
 * for all workers; each worker has its own lock, so that lock figures measure the operation, not contention.
 */
interface RemotePeer extends AutoCloseable {
    /**
     * The handles of one client thread.
     *
     * @param thread the thread's index, from 0
     * @return its worker
     * @throws Exception when a handle cannot be made
     */
    Worker worker(int thread) throws Exception;

    /**
     * Closes the client (not the server side, which the harness stops).
     *
     * @throws Exception when closing fails
     */
    @Override
    void close() throws Exception;

    /** The five measured operations, as one client thread performs them. */
    interface Worker {
        /**
         * Puts a value into the shared queue, then takes one (blocking) from it.
         *
         * @param value the value
         * @return the value taken
         * @throws Exception on failure
         */
        long queuePutTake(long value) throws Exception;

        /**
         * Reads one entry of the shared dict.
         *
         * @param key a key in {@code [0, RemoteOpBench.KEYS)}, present
         * @return its value
         * @throws Exception on failure
         */
        long dictGet(long key) throws Exception;

        /**
         * Writes one entry of the shared dict.
         *
         * @param key   the key
         * @param value the value
         * @throws Exception on failure
         */
        void dictPut(long key, long value) throws Exception;

        /**
         * Increments the shared counter atomically in the store.
         *
         * @return the new value
         * @throws Exception on failure
         */
        long counterIncrement() throws Exception;

        /**
         * Acquires this thread's lock and releases it.
         *
         * @throws Exception on failure
         */
        void lockAcquireRelease() throws Exception;
    }
}
