package io.shmproc.pool;

import io.shmproc.exceptions.ShmprocException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;

/**
 * The results of {@code imap} (in input order) or {@code imapUnordered} (in completion order), each returned as
 * soon as it is in. All tasks are submitted when the iterator is created; iterating only waits.
 *
 * <p>An item whose chunk failed makes {@link #next()} throw a
 * {@link io.shmproc.exceptions.RemoteFailureException} (or the {@link io.shmproc.exceptions.PeerDiedException}
 * when its worker died) at that item's turn; iteration may continue past it.
 *
 * <p>Not thread-safe: one thread iterates.
 *
 * @param <R> the result type
 */
public final class PoolIterator<R> implements Iterator<R> {
    private final MapRun run;
    private final boolean ordered;
    private int returned;

    PoolIterator(final MapRun run, final boolean ordered) {
        this.run = run;
        this.ordered = ordered;
    }

    @Override
    public boolean hasNext() {
        return returned < run.total();
    }

    /**
     * Waits for the next result.
     *
     * @return the result
     * @throws java.util.NoSuchElementException      when every result was returned
     * @throws io.shmproc.exceptions.RemoteFailureException when the item's task failed
     * @throws ShmprocException                       wrapping an interrupt (the flag is set again)
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
        if (!hasNext()) {
            throw MapRun.exhausted(run.total());
        }
        final int index = returned;
        try {
            final Object value = ordered ? run.awaitItem(index, deadline) : run.awaitAny(deadline);
            returned++;
            return (R) value;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShmprocException("interrupted while waiting for a pool result", e);
        } catch (final RuntimeException e) {
            if (!(e instanceof io.shmproc.exceptions.ShmprocTimeoutException)) {
                returned++;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "PoolIterator[" + (ordered ? "ordered" : "unordered") + ", " + returned + " returned, "
            + run.describe() + "]";
    }
}
