package io.shmproc.pool;

/**
 * Where the results of a {@link ChunkJob} go: the fixed-size {@link MapRun} of {@code map}, or the
 * {@link LazyMapRun} of {@code imap}, which reads its input as the results are taken. Called by the dispatcher
 * thread.
 */
interface ChunkSink {
    /**
     * Stores the result of item {@code index}; published by the following {@link #chunkSucceeded}.
     *
     * @param index the item, counted from the first item of the map
     * @param value the decoded result
     */
    void store(long index, Object value);

    /**
     * Every call of a chunk returned.
     *
     * @param first the chunk's first item
     * @param count its items
     */
    void chunkSucceeded(long first, int count);

    /**
     * A chunk failed.
     *
     * @param first the chunk's first item
     * @param count its items
     * @param cause what each item reports
     */
    void chunkFailed(long first, int count, Throwable cause);

    /**
     * Whether the caller gave up on the map: chunks not yet sent are dropped.
     *
     * @return {@code true} to drop
     */
    boolean isCancelled();
}
