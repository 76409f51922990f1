package io.shmproc.pool;

import io.shmproc.exceptions.ShmprocException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;

/**
 * The results of {@code imap} (in input order) or {@code imapUnordered} (in completion order), each returned as
 * soon as it is in. The input is read lazily, on the iterating thread: creating the iterator submits a bounded
 * look-ahead (4 chunks per worker), and each chunk's worth of results taken lets one more chunk be read and
 * submitted, so an endless or lazy input works and at most that look-ahead runs ahead of the reader.
 *
 * <p>An exception thrown by the input's iterator (or an item that cannot be encoded) ends the input there:
 * {@link #next()} first returns the results of every item read before it, then throws that exception once, then
 * {@link #hasNext()} is {@code false}.
 *
 * <p>An item whose chunk failed makes {@link #next()} throw a
 * {@link io.shmproc.exceptions.RemoteFailureException} (or the {@link io.shmproc.exceptions.PeerDiedException}
 * when its worker died) at that item's turn; iteration may continue past it.
 *
 * <p>{@link #close()} stops reading the input: chunks not yet sent are dropped, results still running are
 * discarded (a consumer that stops early need not close; nothing beyond the look-ahead is read either way).
 *
 * <p>Not thread-safe: one thread iterates.
 *
 * @param <R> the result type
 */
public final class PoolIterator<R> implements Iterator<R>, AutoCloseable {
    private final LazyMapRun run;
    private final boolean ordered;

    PoolIterator(final LazyMapRun run, final boolean ordered) {
        this.run = run;
        this.ordered = ordered;
    }

    /**
     * Whether a result (or the input's failure) is left; may read the input to know.
     *
     * @return {@code false} when every result was returned, or the iterator was closed
     */
    @Override
    public boolean hasNext() {
        return run.hasNext();
    }

    /**
     * Waits for the next result.
     *
     * @return the result
     * @throws java.util.NoSuchElementException      when every result was returned
     * @throws io.shmproc.exceptions.RemoteFailureException when the item's task failed
     * @throws ShmprocException                       wrapping an interrupt (the flag is set again)
     * @throws RuntimeException                       what the input's iterator threw, after the results before
     *                                                it
     */
    @Override
    public R next() {
        return take(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for the next result (Python's {@code next(timeout)}); a timeout consumes
     * nothing.
     *
     * @param timeout how long
     * @return the result
     * @throws io.shmproc.exceptions.ShmprocTimeoutException when no result came in time
     * @throws java.util.NoSuchElementException              when every result was returned
     * @throws io.shmproc.exceptions.RemoteFailureException  when the item's task failed
     */
    public R next(final Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return take(System.nanoTime() + Math.max(0, timeout.toNanos()));
    }

    @SuppressWarnings("unchecked")
    private R take(final long deadline) {
        try {
            return (R) run.take(deadline);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShmprocException("interrupted while waiting for a pool result", e);
        }
    }

    /**
     * Stops reading the input; chunks not yet sent are dropped and results not yet taken are discarded.
     * Idempotent.
     */
    @Override
    public void close() {
        run.close();
    }

    @Override
    public String toString() {
        return "PoolIterator[" + (ordered ? "ordered" : "unordered") + ", " + run.describe() + "]";
    }
}
