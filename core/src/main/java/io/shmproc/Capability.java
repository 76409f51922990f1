package io.shmproc;

/**
 * What a context can do, beyond the primitives every context serves: {@link Shmproc#capabilities()} answers
 * which of these hold, so that code written for both backends can check instead of catching
 * {@link UnsupportedOperationException}.
 *
 * <p>Every context serves queues (plain, simple, joinable), the dict, the list, the namespace, the counters
 * and arrays, and the locks, semaphores, condition, event and barrier, with the same types and contracts.
 * The capabilities below are the differences; {@code docs/guide/beyond-one-machine.md} says why each one
 * differs across hosts.
 */
public enum Capability {
    /**
     * Shared memory blocks ({@link Shmproc#sharedMemory(String, int)}) and zero-copy byte handlers: only where
     * the processes map the same files, that is on one host.
     */
    SHARED_MEMORY,
    /** Child processes on this host ({@link Shmproc#process}) that reach the context's objects. */
    PROCESSES,
    /** Process pools ({@link Shmproc#pool}). */
    PROCESS_POOLS,
    /** Pipes ({@link Shmproc#pipe()}). */
    PIPES,
    /** Durable queues on disk ({@link Shmproc#durableQueue(java.nio.file.Path)}). */
    DURABLE_QUEUES,
    /** Managers of arbitrary objects ({@link Shmproc#manager(String)}). */
    MANAGERS,
    /**
     * Handles that can be serialized and sent to another process, which re-attaches to the same object (a lock
     * captured by a child process's lambda, for instance).
     */
    SERIALIZABLE_HANDLES,
    /**
     * A dead holder's lock passes to the next waiter, which sees {@code previousOwnerDied()}; on a cluster a
     * holder is dead when its client session times out.
     */
    OWNER_DIED_RECOVERY,
    /**
     * The state survives the loss of any minority of the machines that hold it (a replicated log), and
     * survives a restart of all of them.
     */
    REPLICATED,
    /** The objects live in the memory of this host only: every operation is a memory access, not a message. */
    LOCAL_MEMORY
}
