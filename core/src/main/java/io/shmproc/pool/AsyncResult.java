package io.shmproc.pool;

import io.shmproc.exceptions.RemoteFailureException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pending result of a task submitted to a {@link ProcessPool}: a {@link Future} with Python's
 * {@code AsyncResult} methods beside it ({@link #ready()}, {@link #successful()}, {@link #await(Duration)}).
 *
 * <p><b>Failures.</b> When the task throws in the worker, {@link #get()} throws an {@link ExecutionException}
 * whose cause is the exception the task threw, of its original type and with the worker's stack trace (a
 * suppressed {@link RemoteFailureException} on it names the worker's pid). When the exception cannot be carried
 * (not serializable), the cause is a {@link RemoteFailureException} with the original class name, message and
 * stack trace. When the worker dies while running the task, the cause is a
 * {@link io.shmproc.exceptions.PeerDiedException} naming the worker's pid and its exit code or signal; it is
 * reported within a second of the death. A result the worker cannot encode fails this task only, with a
 * {@link io.shmproc.exceptions.CodecException}.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(x -> x * x, 7);
 * if (r.await(Duration.ofSeconds(1)) && r.successful()) {
 *     System.out.println(r.get());
 * }
 * }</pre>
 *
 * <p>Thread-safe; any number of threads may wait.
 *
 * @param <T> the result type
 */
public final class AsyncResult<T> implements Future<T> {
    private static final long SPIN_NANOS = 200_000;

    private final CompletableFuture<T> future = new CompletableFuture<>();

    AsyncResult() {
    }

    boolean complete(final T value) {
        return future.complete(value);
    }

    boolean fail(final Throwable cause) {
        return future.completeExceptionally(cause);
    }

    /**
     * Whether the task has finished, successfully or not (Python's {@code ready()}).
     *
     * @return {@code true} once a result, failure or cancellation is in
     */
    public boolean ready() {
        return future.isDone();
    }

    /**
     * Whether the task finished without failing (Python's {@code successful()}).
     *
     * @return {@code true} when {@link #get()} returns a value
     * @throws IllegalStateException when the task has not finished yet (check {@link #ready()} first)
     */
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the task has not finished; call successful() after ready() is true");
        }
        return !future.isCompletedExceptionally();
    }

    /**
     * Waits for the task to finish (Python's {@code wait(timeout)}).
     *
     * @param timeout how long to wait at most
     * @return whether it finished in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean await(final Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        try {
            future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (final ExecutionException | CancellationException e) {
            return true;
        } catch (final TimeoutException e) {
            return false;
        }
        return true;
    }

    /**
     * Waits for the result.
     *
     * @return the task's result
     * @throws ExecutionException    when the task failed; the cause is the task's exception of its original type
     * @throws InterruptedException  when interrupted while waiting
     * @throws CancellationException when cancelled
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        spinBriefly();
        return future.get();
    }

    /**
     * Waits at most {@code timeout} for the result; a timeout leaves the task running.
     *
     * @param timeout how long
     * @param unit    its unit
     * @return the task's result
     * @throws ExecutionException    when the task failed
     * @throws InterruptedException  when interrupted while waiting
     * @throws TimeoutException      when the result is not in after {@code timeout}
     * @throws CancellationException when cancelled
     */
    @Override
    public T get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout, unit);
    }

    /**
     * Waits at most {@code timeout} for the result (Python's {@code get(timeout)}).
     *
     * @param timeout how long
     * @return the task's result
     * @throws ExecutionException   when the task failed
     * @throws InterruptedException when interrupted while waiting
     * @throws TimeoutException     when the result is not in after {@code timeout}
     */
    public T get(final Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the result, rethrowing a failure unchecked: the form used by the blocking pool methods.
     *
     * @return the task's result
     * @throws RemoteFailureException when the task failed; its cause is the task's exception
     * @throws CancellationException  when cancelled
     * @throws io.shmproc.exceptions.ShmprocException wrapping an {@link InterruptedException} (the interrupt
     *                                flag is set again)
     */
    public T join() {
        try {
            return get();
        } catch (final ExecutionException e) {
            throw ProcessPool.unchecked(e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.shmproc.exceptions.ShmprocException("interrupted while waiting for a pool task", e);
        }
    }

    /**
     * Cancels the task if it has not been sent to a worker yet; a task already running finishes there and its
     * result is dropped.
     *
     * @param mayInterruptIfRunning ignored: a running task is never interrupted
     * @return whether this call cancelled it
     */
    @Override
    public boolean cancel(final boolean mayInterruptIfRunning) {
        return future.cancel(false);
    }

    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    CompletableFuture<T> future() {
        return future;
    }

    private void spinBriefly() {
        if (future.isDone()) {
            return;
        }
        final long deadline = System.nanoTime() + SPIN_NANOS;
        for (int i = 0; !future.isDone() && System.nanoTime() - deadline < 0; i++) {
            if (i < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    @Override
    public String toString() {
        if (!future.isDone()) {
            return "AsyncResult[pending]";
        }
        return future.isCompletedExceptionally() ? "AsyncResult[failed]" : "AsyncResult[done]";
    }
}
