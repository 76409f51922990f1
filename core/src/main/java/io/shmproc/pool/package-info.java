/**
 * Process pools (layer L5): {@link io.shmproc.pool.ProcessPool}, Python's {@code multiprocessing.Pool} as an
 * {@link java.util.concurrent.ExecutorService}, with {@link io.shmproc.pool.AsyncResult} futures, ordered and
 * unordered result iterators and progress listeners.
 *
 * <pre>
 *   caller threads --encode--> submissions --+
 *                                            v
 *                        dispatcher thread (one per pool) --TASK--> [task ring  ] --> worker JVM 0
 *                          |   ^                                    [result ring] &lt;--
 *                          |   +----------------------- RESULT/ERROR ----------+
 *                          +--> AsyncResult / MapRun --> callback thread (callbacks, progress)
 * </pre>
 *
 * <p><b>Threads.</b> Every public method is thread-safe. One dispatcher thread per pool sends jobs, reads
 * results and watches workers; callbacks run on one callback thread per pool.
 *
 * <p><b>Processes and crashes.</b> Each worker has a slot in the pool's control file
 * ({@link io.shmproc.memory.RegionKind#POOL}, see {@code PoolLayout}): a status line naming the task it runs,
 * and two Agrona one-to-one rings. The parent alone schedules: it sends at most {@code prefetch} jobs to a worker,
 * so when a worker dies it knows exactly what that worker had: the running job fails within a second with a
 * {@link io.shmproc.exceptions.PeerDiedException} naming pid and exit code or signal, jobs not started are sent
 * to other workers, and a replacement starts. Workers exit when their parent dies.
 *
 * <p><b>Imports.</b> {@code process} (workers are daemon {@code ShmProcess}es), {@code memory}, {@code codec} and
 * {@code exceptions}; nothing above L5.
 */
package io.shmproc.pool;
