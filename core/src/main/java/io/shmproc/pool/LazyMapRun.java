package io.shmproc.pool;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The state of one {@code imap} or {@code imapUnordered}: reads the input lazily on the iterating thread, keeping
 * at most a bounded look-ahead of items submitted but not yet returned (Python reads the whole input in a
 * background thread; an endless input works here and never there, see docs/guide/python-map.md).
 *
 * <p>Two threads touch it. The iterating thread reads the input, encodes and submits chunks and takes results;
 * the input, the pending items and the counters are its own. The dispatcher thread stores results and finishes
 * chunks under the monitor, which the iterating thread takes to look at them.
 *
 * <p>An exception thrown by the input's iterator (or an item that cannot be encoded, or a pool that was closed)
 * ends the input at that point: the results of every item before it are returned first, then {@code next()}
 * throws it once, then the iterator is exhausted.
 */
final class LazyMapRun implements ChunkSink {
    /** Look-ahead, in chunks per worker (as Python's automatic chunk size divides the input in four per worker). */
    static final int CHUNKS_PER_WORKER = 4;

    private final Consumer<Job> submit;
    private final TaskEncoder encoder;
    private final FunctionCache.Fn fn;
    private final Iterator<?> input;
    private final boolean ordered;
    private final int arity;
    private final int chunksize;
    private final long lookahead;
    private final MapOptions options;
    private final Executor callbacks;
    private final long startNanos = System.nanoTime();

    // ---- iterating thread only ----
    private final List<Object> pending = new ArrayList<>();
    private final int[] counted = new int[1];
    private volatile long submitted;
    private long returned;
    private boolean inputEnded;
    private Throwable inputFailure;

    // ---- under the monitor ----
    private final Map<Long, Object> staged = new HashMap<>();
    private final Map<Long, Object> finished = new HashMap<>();
    private final ArrayDeque<Long> ready = new ArrayDeque<>();
    private long done;

    private volatile boolean closed;

    /**
     * A run; {@link #start()} submits the first chunks.
     *
     * @param submit    hands a chunk to the pool ({@link PoolEngine#submit}); throws
     *                  {@link RejectedExecutionException} when the pool is closed
     * @param processes the pool's workers (sizes the look-ahead)
     * @param callbacks the callback executor (progress)
     * @param encoder   the task encoder
     * @param fn        the function
     * @param input     the input
     * @param ordered   in input order, or in completion order
     * @param arity     1, or 2 for pairs
     * @param chunksize items per chunk, 1 or more
     * @param options   the options (progress)
     */
    LazyMapRun(final Consumer<Job> submit, final int processes, final Executor callbacks, final TaskEncoder encoder,
               final FunctionCache.Fn fn, final Iterator<?> input, final boolean ordered, final int arity,
               final int chunksize, final MapOptions options) {
        this.submit = submit;
        this.encoder = encoder;
        this.fn = fn;
        this.input = input;
        this.ordered = ordered;
        this.arity = arity;
        this.chunksize = chunksize;
        this.lookahead = (long) chunksize * CHUNKS_PER_WORKER * Math.max(1, processes);
        this.options = options;
        this.callbacks = callbacks;
    }

    /**
     * Submits the first look-ahead; a pool that no longer accepts tasks throws here, an input failure does not.
     *
     * @throws RejectedExecutionException when the pool is closed
     */
    void start() {
        feed(true);
    }

    // ---- the iterating thread ----

    /**
     * Reads and submits items until the look-ahead is full or the input ended.
     *
     * @param first whether a rejection of the first chunk should be thrown
     */
    private void feed(final boolean first) {
        // whole chunks only: taking one item of a chunk of n does not read one more
        while (!closed && submitted - returned + chunksize <= lookahead) {
            pull();
            if (pending.isEmpty()) {
                return;
            }
            try {
                final byte[] body = encoder.chunk(pending, 0, chunksize, arity, counted);
                final int count = counted[0];
                submit.accept(new ChunkJob(fn, body, count, this, submitted));
                pending.subList(0, count).clear();
                submitted += count;
            } catch (final RejectedExecutionException e) {
                if (first && submitted == 0) {
                    throw e;
                }
                endInput(e);
                pending.clear();
            } catch (final RuntimeException e) {
                endInput(e);
                pending.clear();
            }
        }
    }

    /** Reads the input until a chunk's worth is pending or the input ended. */
    private void pull() {
        while (!inputEnded && pending.size() < chunksize) {
            try {
                if (!input.hasNext()) {
                    inputEnded = true;
                    return;
                }
                pending.add(input.next());
            } catch (final RuntimeException | Error e) {
                endInput(e);
            }
        }
    }

    /** The input ends here: items already read are still submitted, {@code cause} comes after them. */
    private void endInput(final Throwable cause) {
        inputEnded = true;
        inputFailure = cause;
    }

    /**
     * Whether {@link #take} has something to return or throw.
     *
     * @return {@code false} when every result was returned (and the input failure thrown)
     */
    boolean hasNext() {
        if (closed) {
            return false;
        }
        if (returned < submitted) {
            return true;
        }
        feed(false);
        return returned < submitted || inputFailure != null;
    }

    /**
     * Takes the next result: the next in input order (ordered) or any finished item not yet taken.
     *
     * @param deadline {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return the value
     * @throws InterruptedException when interrupted
     */
    Object take(final long deadline) throws InterruptedException {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "the iterator was closed"
                : "all " + returned + " results were returned");
        }
        if (returned == submitted) {
            final Throwable cause = inputFailure;
            inputFailure = null;
            throw sneaky(cause);
        }
        final Object value;
        synchronized (this) {
            if (ordered) {
                final Long index = returned;
                while (!finished.containsKey(index)) {
                    waitUntil(deadline);
                }
                value = finished.remove(index);
            } else {
                while (ready.isEmpty()) {
                    waitUntil(deadline);
                }
                value = finished.remove(ready.poll());
            }
        }
        returned++;
        feed(false);
        if (value instanceof Failure) {
            throw ProcessPool.unchecked(((Failure) value).cause);
        }
        return value;
    }

    private void waitUntil(final long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            wait();
            return;
        }
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ShmprocTimeoutException("no pool result within the timeout; the map is still running");
        }
        wait(Math.max(1, left / 1_000_000), 0);
    }

    /** Stops reading the input; chunks not yet sent are dropped, results still running are discarded. */
    void close() {
        closed = true;
        synchronized (this) {
            staged.clear();
            finished.clear();
            ready.clear();
        }
    }

    String describe() {
        final long finishedCount;
        synchronized (this) {
            finishedCount = done;
        }
        return finishedCount + " done, " + returned + " returned, " + submitted + " submitted"
            + (inputEnded ? ", input ended" : "") + (closed ? ", closed" : "");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(final Throwable cause) throws T {
        throw (T) cause;
    }

    // ---- the dispatcher thread ----

    @Override
    public synchronized void store(final long index, final Object value) {
        if (!closed) {
            staged.put(index, value);
        }
    }

    @Override
    public synchronized void chunkSucceeded(final long first, final int count) {
        for (long i = first; i < first + count; i++) {
            finish(i, staged.remove(i));
        }
        finished(count);
    }

    @Override
    public synchronized void chunkFailed(final long first, final int count, final Throwable cause) {
        final Failure failure = new Failure(cause);
        for (long i = first; i < first + count; i++) {
            staged.remove(i);
            finish(i, failure);
        }
        finished(count);
    }

    private void finish(final long index, final Object value) {
        if (!closed) {
            finished.put(index, value);
            if (!ordered) {
                ready.add(index);
            }
        }
    }

    private void finished(final int count) {
        done += count;
        notifyAll();
        final ProgressListener listener = options.progress();
        if (listener != null) {
            // the total is what was read from the input so far: an iterator's length is not known ahead
            final Progress progress = new Progress(done, Math.max(done, submitted), System.nanoTime() - startNanos);
            callbacks.execute(() -> listener.onProgress(progress));
        }
    }

    @Override
    public boolean isCancelled() {
        return closed;
    }

    /** A failed item's cause (a value of its own type, so a result that is a Throwable stays a result). */
    private static final class Failure {
        private final Throwable cause;

        Failure(final Throwable cause) {
            this.cause = cause;
        }
    }
}
