package io.shmproc.cluster;

import java.util.List;

/**
 * The operations of the replicated state machine, as one client session sees them: the only thing the cluster
 * primitives ({@code ClusterLock}, {@code ClusterDict}, ...) call. Every method sends one command through the
 * cluster's replicated log and returns the service's answer; nothing is cached on the client.
 *
 * <p><b>Names.</b> Objects are named by a kind and a name; each kind has its own namespace (a counter and a
 * dict may both be called {@code "jobs"}). Operations on an object that does not exist create it with the
 * given or default parameters ({@code create*} calls exist to set those parameters first, and are idempotent:
 * creating an existing object changes nothing and returns its current parameters). The defaults: a word array of
 * length 1 holding 0, an unbounded plain (not joinable) queue, a semaphore of 1 permit without bound, a barrier of
 * 1 party; a lock nests or not as each {@link #lockAcquire} says. The kinds, for {@link #delete}, are the
 * {@code KIND_*} constants.
 *
 * <p><b>Sizes.</b> A command (name, keys, values and items together, plus a 64-byte header) carries at most
 * {@link #MAX_COMMAND_BYTES}; a larger one is refused with {@link IllegalArgumentException} before anything is
 * sent. An answer carries at most {@link #MAX_ANSWER_BYTES} (a {@link #dictEntries} or {@link #listSnapshot} of a
 * larger object fails with a {@link io.shmproc.exceptions.RemoteFailureException} that says so). Names are 1 to
 * 1024 UTF-8 bytes.
 *
 * <p><b>Owners.</b> Where an operation has an owner (locks, conditions, barriers), the owner is this client's
 * session together with the {@code threadId} the caller passes ({@link Thread#getId()} of the calling
 * thread). When a session ends without closing (its JVM died, or it was partitioned away longer than the
 * session timeout), the service acts as a local process death does: its locks pass to the next waiter with
 * {@code ownerDied}, its barrier waits break the barrier, its taken-but-not-done queue items are put back at
 * the head of their queue (redelivered), its waits are dropped.
 *
 * <p><b>Waiting.</b> Blocking operations take {@code timeoutNanos}: 0 means do not wait, a negative value means
 * wait without limit. The service keeps the waiter and answers when the operation completes or its timeout
 * (a cluster timer) fires; the client waits for that answer for the timeout plus its request timeout. A thread
 * interrupted while waiting sends a cancel: the method then returns the service's answer (the operation's timed-out
 * answer, e.g. {@code null}, {@code false} or {@link #LOCK_TIMED_OUT}, or its success when that came first) with the
 * thread's interrupt status set, so the caller checks {@link Thread#interrupted()} after a timed-out answer and
 * throws {@link InterruptedException} itself (the methods declare no checked exception).
 *
 * <p><b>Exactly once.</b> A command re-sent after a leader change carries its original sequence number; the
 * service answers a repeated sequence from its record of the answer and never applies a command twice.
 *
 * <p><b>Failures.</b> Every method throws {@link io.shmproc.exceptions.ShmprocTimeoutException} when no answer
 * came within the request timeout (cluster down, no leader), {@link io.shmproc.exceptions.ClosedException}
 * after {@link #close()}, and {@link IllegalArgumentException} with the service's message for a command the
 * service refused as malformed or oversized. Values and keys are opaque bytes: equality is byte equality.
 */
interface ClusterOps extends AutoCloseable {

    /** Answer of {@link #lockAcquire}: not acquired within the timeout. */
    int LOCK_TIMED_OUT = 0;
    /** Answer of {@link #lockAcquire}: acquired. */
    int LOCK_ACQUIRED = 1;
    /** Answer of {@link #lockAcquire}: acquired from an owner whose session ended while holding it. */
    int LOCK_ACQUIRED_OWNER_DIED = 2;
    /** Answer of {@link #lockAcquire}: a non-reentrant lock already held by this owner. */
    int LOCK_ALREADY_HELD = 3;

    /** Answer of {@link #barrierAwait}: the barrier broke (timeout, abort, reset, a party's session died). */
    int BARRIER_BROKEN = -1;

    /** The most bytes one command may carry: header, name, keys, values and items together. */
    int MAX_COMMAND_BYTES = ClusterProtocol.MAX_COMMAND_LENGTH;
    /** The most bytes one answer may carry. */
    int MAX_ANSWER_BYTES = ClusterProtocol.MAX_ANSWER_LENGTH;

    /** Kind of word arrays (counters), for {@link #delete}. */
    String KIND_WORD = "word";
    /** Kind of dicts, for {@link #delete}. */
    String KIND_DICT = "dict";
    /** Kind of lists, for {@link #delete}. */
    String KIND_LIST = "list";
    /** Kind of queues, for {@link #delete}. */
    String KIND_QUEUE = "queue";
    /** Kind of locks and reentrant locks, for {@link #delete}. */
    String KIND_LOCK = "lock";
    /** Kind of semaphores, for {@link #delete}. */
    String KIND_SEMAPHORE = "semaphore";
    /** Kind of events, for {@link #delete}. */
    String KIND_EVENT = "event";
    /** Kind of conditions, for {@link #delete}. */
    String KIND_CONDITION = "condition";
    /** Kind of barriers, for {@link #delete}. */
    String KIND_BARRIER = "barrier";

    // ---- words: counters (length 1) and arrays of 64-bit words ----

    /**
     * Creates a word array if absent.
     *
     * @return the array's length (the existing length when it already existed)
     */
    int wordCreate(String name, int length, long initial);

    long wordGet(String name, int index);

    void wordSet(String name, int index, long value);

    long wordGetAndSet(String name, int index, long value);

    long wordGetAndAdd(String name, int index, long delta);

    boolean wordCompareAndSet(String name, int index, long expected, long value);

    /** @return a copy of the whole array */
    long[] wordSnapshot(String name);

    // ---- dict: insertion-ordered map of bytes to bytes ----

    /** @return the value, or {@code null} when absent */
    byte[] dictGet(String dict, byte[] key);

    /** @return the previous value, or {@code null} */
    byte[] dictPut(String dict, byte[] key, byte[] value);

    /** @return the present value (unchanged), or {@code null} when this call put {@code value} */
    byte[] dictPutIfAbsent(String dict, byte[] key, byte[] value);

    /** @return the previous value when the key was present (then replaced), or {@code null} (nothing done) */
    byte[] dictReplace(String dict, byte[] key, byte[] value);

    boolean dictReplaceIfEquals(String dict, byte[] key, byte[] expected, byte[] value);

    /** @return the removed value, or {@code null} */
    byte[] dictRemove(String dict, byte[] key);

    boolean dictRemoveIfEquals(String dict, byte[] key, byte[] expected);

    int dictSize(String dict);

    void dictClear(String dict);

    /** @return the entries in insertion order, each {@code {key, value}} */
    List<byte[][]> dictEntries(String dict);

    // ---- list of bytes ----

    int listSize(String list);

    /** @throws IndexOutOfBoundsException when {@code index} is outside the list */
    byte[] listGet(String list, int index);

    /** @return the previous element; @throws IndexOutOfBoundsException */
    byte[] listSet(String list, int index, byte[] element);

    /** Inserts at {@code index}, or appends when {@code index == -1}; @throws IndexOutOfBoundsException */
    void listAdd(String list, int index, byte[] element);

    /** @return the removed element; @throws IndexOutOfBoundsException */
    byte[] listRemove(String list, int index);

    void listClear(String list);

    List<byte[]> listSnapshot(String list);

    // ---- queue: FIFO of bytes, optionally bounded by item count; joinable ----

    /**
     * Creates a queue if absent.
     *
     * @param maxItems the bound, or 0 for unbounded
     * @param joinable whether taken items stay unfinished until {@link #queueTaskDone} (a
     *                 {@code JoinableQueue}); in a plain queue an item is finished when it is taken
     * @return the queue's bound
     */
    long queueCreate(String queue, long maxItems, boolean joinable);

    /** @return whether the item was added before the timeout (it waits for room in a full queue) */
    boolean queueOffer(String queue, byte[] item, long timeoutNanos);

    /**
     * Takes the head item, waiting for one. In a joinable queue the item counts as unfinished until
     * {@link #queueTaskDone}; if this session ends first, the item is put back at the head and delivered again.
     *
     * @return the item, or {@code null} on timeout
     */
    byte[] queuePoll(String queue, long timeoutNanos);

    /** @return the head item without taking it, or {@code null} */
    byte[] queuePeek(String queue);

    long queueSize(String queue);

    /**
     * Marks one item as done: the oldest one this session took and had not marked, or, when this session has
     * none, any unfinished item (Python lets any process call {@code task_done}).
     *
     * @throws IllegalStateException when no item is unfinished (Python's ValueError)
     */
    void queueTaskDone(String queue);

    /** @return the number of items put and not yet marked done (Python's unfinished tasks) */
    long queueUnfinished(String queue);

    /** @return whether every item was marked done before the timeout */
    boolean queueJoin(String queue, long timeoutNanos);

    // ---- lock and reentrant lock ----

    /** @return one of the {@code LOCK_*} answers */
    int lockAcquire(String lock, boolean reentrant, long threadId, long timeoutNanos);

    /**
     * Releases one hold.
     *
     * @throws IllegalMonitorStateException when {@code threadId} of this session does not hold it
     */
    void lockRelease(String lock, long threadId);

    /** @return the number of holds {@code threadId} of this session has, 0 when it does not hold it */
    int lockHoldCount(String lock, long threadId);

    boolean lockIsLocked(String lock);

    // ---- semaphore ----

    /**
     * Creates a semaphore if absent.
     *
     * @param bound the most permits it may hold ({@code BoundedSemaphore}), or -1 for unbounded
     * @return the current number of permits
     */
    int semaphoreCreate(String semaphore, int permits, int bound);

    boolean semaphoreAcquire(String semaphore, int permits, long timeoutNanos);

    /** @throws IllegalStateException when a bounded semaphore would exceed its bound (Python's ValueError) */
    void semaphoreRelease(String semaphore, int permits);

    int semaphoreValue(String semaphore);

    // ---- event ----

    void eventSet(String event);

    void eventClear(String event);

    boolean eventIsSet(String event);

    /** @return whether the event was set before the timeout */
    boolean eventAwait(String event, long timeoutNanos);

    // ---- condition (bound to a lock held by the caller) ----

    /**
     * Releases {@code lock} (all holds) held by {@code threadId}, waits for a notify, then re-acquires it with
     * the same hold count before answering, even after the timeout.
     *
     * @return whether it was notified before the timeout
     * @throws IllegalMonitorStateException when {@code threadId} does not hold {@code lock}
     */
    boolean conditionAwait(String condition, String lock, long threadId, long timeoutNanos);

    /** Wakes up to {@code n} waiters (all when {@code n} is {@link Integer#MAX_VALUE}). */
    void conditionNotify(String condition, int n);

    // ---- barrier ----

    /**
     * Creates a barrier if absent.
     *
     * @return its number of parties
     */
    int barrierCreate(String barrier, int parties);

    /**
     * ClientWaits at the barrier; a timeout breaks the barrier for every waiter (as Python's does).
     *
     * @return the arrival index (parties - 1 for the first to arrive, 0 for the last), or {@link #BARRIER_BROKEN}
     */
    int barrierAwait(String barrier, long threadId, long timeoutNanos);

    void barrierAbort(String barrier);

    void barrierReset(String barrier);

    int barrierWaiting(String barrier);

    boolean barrierIsBroken(String barrier);

    // ---- objects ----

    /** Removes an object of any kind by name; waiters on it are answered as by a timeout. */
    boolean delete(String kind, String name);

    /** Ends this session cleanly: its locks are released without {@code ownerDied}. */
    @Override
    void close();
}
