package io.shmproc.pool;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The state of one {@code map} or {@code starmap}: a result slot per item, filled chunk by chunk
 * by the dispatcher thread, read by the caller through an {@link AsyncResult} of the whole list ({@code imap} uses
 * {@link LazyMapRun}). Progress and callbacks go to the callback executor.
 *
 * <p>Results are written before the monitor is taken and the list is published through the {@link AsyncResult}
 * after the last chunk finished, so a reader of the list sees every value.
 */
final class MapRun implements ChunkSink {
    private static final byte PENDING = 0;
    private static final byte DONE = 1;
    private static final byte FAILED = 2;

    private final Object[] values;
    private final byte[] states;
    private final AsyncResult<List<Object>> result = new AsyncResult<>();
    private final Executor callbacks;
    private final MapOptions options;
    private final long startNanos = System.nanoTime();
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

    @Override
    public boolean isCancelled() {
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

    @Override
    public void store(final long index, final Object value) {
        values[(int) index] = value;
    }

    @Override
    public synchronized void chunkSucceeded(final long first, final int count) {
        finish((int) first, count, DONE, null);
    }

    @Override
    public synchronized void chunkFailed(final long first, final int count, final Throwable cause) {
        finish((int) first, count, FAILED, cause);
    }

    private void finish(final int first, final int count, final byte state, final Throwable cause) {
        for (int i = first; i < first + count; i++) {
            if (states[i] != PENDING) {
                return;
            }
            states[i] = state;
        }
        done += count;
        final ProgressListener listener = options.progress();
        if (listener != null) {
            final Progress progress = new Progress(done, values.length, System.nanoTime() - startNanos);
            callbacks.execute(() -> listener.onProgress(progress));
        }
        if (cause != null && !failed) {
            failed = true;
            ResultCallbacks.thenSettle(callbacks, result, options.errorCallback(), cause, () -> result.fail(cause));
        } else if (done == values.length && !failed) {
            complete();
        }
    }

    private void complete() {
        final List<Object> list = Arrays.asList(values);
        ResultCallbacks.thenSettle(callbacks, result, options.callback(), list, () -> result.complete(list));
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
}
