package io.shmproc.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One unit of work sent to one worker: a function and the encoded arguments of one or more calls (one call for
 * {@code apply}, a chunk of calls for {@code map}). Created and encoded by the submitting thread; afterwards
 * touched only by the pool's dispatcher thread.
 */
abstract class Job {
    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final FunctionCache.Fn fn;
    final byte[] body;
    final int calls;

    /** The worker it was last sent to (dispatcher thread only). */
    WorkerSlot slot;
    /** Results received so far (dispatcher thread only). */
    int received;

    Job(final FunctionCache.Fn fn, final byte[] body, final int calls) {
        this.fn = fn;
        this.body = body;
        this.calls = calls;
    }

    /**
     * Stores the result of call {@code index} (dispatcher thread).
     *
     * @param index the call within this job
     * @param value the decoded result
     */
    abstract void result(int index, Object value);

    /** Every call returned (dispatcher thread). */
    abstract void succeeded();

    /**
     * The job failed: a call threw, a result could not be encoded, or the worker died running it.
     *
     * @param cause what to report
     */
    abstract void failed(Throwable cause);

    /**
     * Whether the caller gave up on it before it was sent.
     *
     * @return {@code true} to drop it
     */
    abstract boolean isCancelled();
}
