package io.shmproc.pool;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The state of one {@code map}, {@code imap} or {@code starmap}: a result slot per item, filled chunk by chunk
 * by the dispatcher thread, read by the caller through an {@link AsyncResult} of the whole list or through an
 * ordered or unordered {@link PoolIterator}. Progress and callbacks go to the callback executor.
 *
 * <p>Results are written before the monitor is taken and read after it is taken, so a reader that saw a chunk
 * finished sees its values.
 */
final class MapRun {
    private static final byte PENDING = 0;
    private static final byte DONE = 1;
    private static final byte FAILED = 2;

    private final Object[] values;
    private final byte[] states;
    private final AsyncResult<List<Object>> result = new AsyncResult<>();
    private final Executor callbacks;
    private final MapOptions options;
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<Integer> unorderedReady = new ArrayDeque<>();
    private Throwable[] failures;
    private int done;
    private boolean failed;
    private int submitted;

    MapRun(final int total, final MapOptions options, final Executor callbacks) {
        this.values = new Object[total];
        this.states = new byte[total];
        this.options = options;
        this.callbacks = callbacks;
        final ProgressListener listener = options.progress();
        if (listener != null) {
            final Progress start = new Progress(0, total, 0);
            callbacks.execute(() -> listener.onProgress(start));
        }
        if (total == 0) {
            complete();
        }
    }

    int total() {
        return values.length;
    }

    AsyncResult<List<Object>> asyncResult() {
        return result;
    }

    boolean isCancelled() {
        return result.isCancelled();
    }

    /**
     * Fails every item not yet submitted (the caller could not encode them).
     *
     * @param from  the first item not submitted
     * @param cause why
     */
    void submissionFailed(final int from, final Throwable cause) {
        chunkFailed(from, values.length - from, cause);
    }

    void store(final int index, final Object value) {
        values[index] = value;
    }

    synchronized void chunkSucceeded(final int first, final int count) {
        finish(first, count, DONE, null);
    }

    synchronized void chunkFailed(final int first, final int count, final Throwable cause) {
        if (failures == null) {
            failures = new Throwable[values.length];
        }
        Arrays.fill(failures, first, first + count, cause);
        finish(first, count, FAILED, cause);
    }

    private void finish(final int first, final int count, final byte state, final Throwable cause) {
        for (int i = first; i < first + count; i++) {
            if (states[i] != PENDING) {
                return;
            }
            states[i] = state;
            unorderedReady.add(i);
        }
        done += count;
        notifyAll();
        final ProgressListener listener = options.progress();
        if (listener != null) {
            final Progress progress = new Progress(done, values.length, System.nanoTime() - startNanos);
            callbacks.execute(() -> listener.onProgress(progress));
        }
        if (cause != null && !failed) {
            failed = true;
            final Consumer<? super Throwable> errorCallback = options.errorCallback();
            if (errorCallback == null) {
                result.fail(cause);
            } else if (!result.ready()) {
                // Python's contract: the callback has run when get() or await() returns
                callbacks.execute(() -> {
                    try {
                        errorCallback.accept(cause);
                    } finally {
                        result.fail(cause);
                    }
                });
            }
        } else if (done == values.length && !failed) {
            complete();
        }
    }

    private void complete() {
        final List<Object> list = Arrays.asList(values);
        final Consumer<? super List<?>> callback = options.callback();
        if (callback == null) {
            result.complete(list);
        } else if (!result.ready()) {
            callbacks.execute(() -> {
                try {
                    callback.accept(list);
                } finally {
                    result.complete(list);
                }
            });
        }
    }

    /**
     * Waits for item {@code index} (ordered iteration).
     *
     * @param index    the item
     * @param deadline {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return its value
     * @throws InterruptedException when interrupted
     */
    synchronized Object awaitItem(final int index, final long deadline) throws InterruptedException {
        while (states[index] == PENDING) {
            waitUntil(deadline);
        }
        return valueOf(index);
    }

    /**
     * Waits for the next finished item not yet taken (unordered iteration).
     *
     * @param deadline {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return its value
     * @throws InterruptedException when interrupted
     */
    synchronized Object awaitAny(final long deadline) throws InterruptedException {
        while (unorderedReady.isEmpty()) {
            waitUntil(deadline);
        }
        return valueOf(unorderedReady.poll());
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

    private Object valueOf(final int index) {
        if (states[index] == FAILED) {
            throw ProcessPool.unchecked(failures[index]);
        }
        return values[index];
    }

    /**
     * An iterator over the results.
     *
     * @param ordered in input order, or in completion order
     * @param <R>     the result type
     * @return a new iterator
     */
    <R> PoolIterator<R> iterator(final boolean ordered) {
        return new PoolIterator<>(this, ordered);
    }

    /** Cancels the run: chunks not yet sent are dropped. */
    void cancel() {
        result.cancel(false);
    }

    /** Marks how many items have been handed to the dispatcher (for diagnostics). */
    synchronized void submitted(final int count) {
        submitted = count;
    }

    synchronized String describe() {
        return done + "/" + values.length + " done, " + submitted + " submitted";
    }

    static NoSuchElementException exhausted(final int total) {
        return new NoSuchElementException("all " + total + " results were returned");
    }
}
