package io.shmproc.pool;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What carries a {@link ProcessPool}'s jobs to its workers and their results back: {@link MappedPoolEngine} over
 * the rings of a control file, to workers this JVM starts on this host; {@link LinkedPoolEngine} over a link per
 * worker (a pipe), to workers on any host. The pool's API (apply, map, iterators, callbacks) is built once on
 * this, so it behaves the same on both.
 */
interface PoolEngine {
    /** A pool's life: accepting tasks, finishing the submitted ones, or killing everything. */
    enum State { RUNNING, SHUTDOWN, TERMINATING }

    /**
     * The longest message a job may encode to.
     *
     * @return bytes
     */
    int maxMessageLength();

    /**
     * The pool's serialized functions.
     *
     * @return the cache
     */
    FunctionCache functions();

    /**
     * Where callbacks run: the pool's callback thread.
     *
     * @return the executor
     */
    Executor callbacks();

    /**
     * The number of worker slots (the chunking of {@code map} divides by it).
     *
     * @return at least 1
     */
    int processes();

    /**
     * The pool's state.
     *
     * @return the state
     */
    State state();

    /**
     * Hands a job to the dispatcher.
     *
     * @param job the encoded job
     * @throws java.util.concurrent.RejectedExecutionException when the pool no longer accepts tasks
     */
    void submit(Job job);

    /** Stops accepting tasks; workers stop once every submitted task is done. */
    void shutdown();

    /** Kills (or stops) the workers now; every unfinished task fails with a {@code ClosedException}. */
    void terminate();

    /**
     * Waits until the pool has finished and its callbacks have run.
     *
     * @param timeout how long
     * @param unit    its unit
     * @return whether it finished
     * @throws InterruptedException when interrupted
     */
    boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Whether the pool finished and its callbacks ran.
     *
     * @return {@code true} when finished
     */
    boolean isFinished();

    /**
     * The pids of the live workers (a snapshot).
     *
     * @return the pids
     */
    List<Long> workerPids();

    /**
     * The pool's control file, if it has one.
     *
     * @return its path, or {@code null} for a pool without one
     */
    Path regionPath();
}
