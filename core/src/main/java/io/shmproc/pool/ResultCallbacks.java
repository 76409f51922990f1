package io.shmproc.pool;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Settles a pool result after its user callback has run, on the pool's callback thread: Python's contract that a
 * result's {@code callback} or {@code error_callback} has run when {@code get()} or {@code wait()} returns.
 */
final class ResultCallbacks {
    private ResultCallbacks() {
    }

    /**
     * Runs {@code callback} with {@code value} on {@code callbacks}, then {@code settle}, even when the callback
     * throws; without a callback, settles at once. Nothing runs for a result already settled (cancelled).
     *
     * @param callbacks the pool's callback executor
     * @param result    the result to settle
     * @param callback  the user's callback, or {@code null}
     * @param value     what the callback receives
     * @param settle    completes or fails {@code result}
     * @param <V>       the callback's argument type
     */
    static <V> void thenSettle(final Executor callbacks, final AsyncResult<?> result,
                               final Consumer<? super V> callback, final V value, final Runnable settle) {
        if (callback == null) {
            settle.run();
        } else if (!result.ready()) {
            callbacks.execute(() -> {
                try {
                    callback.accept(value);
                } finally {
                    settle.run();
                }
            });
        }
    }
}
