package io.shmproc.pool;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The job of one {@code apply}, {@code applyAsync} or {@code submit}: one call, one {@link AsyncResult}, and the
 * optional callbacks, run on the callback executor before the result completes (Python's order: a callback has
 * run when {@code get()} returns).
 *
 * @param <T> the result type
 */
final class SingleJob<T> extends Job {
    private final AsyncResult<T> result = new AsyncResult<>();
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;
    private final Executor callbacks;
    private Object value;

    SingleJob(final FunctionCache.Fn fn, final byte[] body, final Consumer<? super T> callback,
              final Consumer<? super Throwable> errorCallback, final Executor callbacks) {
        super(fn, body, 1);
        this.callback = callback;
        this.errorCallback = errorCallback;
        this.callbacks = callbacks;
    }

    AsyncResult<T> asyncResult() {
        return result;
    }

    @Override
    void result(final int index, final Object decoded) {
        this.value = decoded;
    }

    @Override
    @SuppressWarnings("unchecked")
    void succeeded() {
        final T typed = (T) value;
        ResultCallbacks.thenSettle(callbacks, result, callback, typed, () -> result.complete(typed));
    }

    @Override
    void failed(final Throwable cause) {
        ResultCallbacks.thenSettle(callbacks, result, errorCallback, cause, () -> result.fail(cause));
    }

    @Override
    boolean isCancelled() {
        return result.isCancelled();
    }
}
