package io.shmproc.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code invokeAll} and {@code invokeAny} of {@link ProcessPool} over its {@code submit}: every task is submitted
 * at once (so they run in parallel on the workers), then waited for.
 */
final class Invocations {
    private Invocations() {
    }

    /**
     * Submits every task and waits for all of them, or until the timeout; those not done then are cancelled.
     *
     * @param submit       the pool's submit
     * @param tasks        the tasks
     * @param timeoutNanos the timeout, {@link Long#MAX_VALUE} for none
     * @param <T>          the result type
     * @return the futures, in the order of the tasks
     * @throws InterruptedException when interrupted while waiting
     */
    static <T> List<Future<T>> invokeAll(final Function<Callable<T>, AsyncResult<T>> submit,
                                         final Collection<? extends Callable<T>> tasks, final long timeoutNanos)
        throws InterruptedException {
        final long deadline = deadline(timeoutNanos);
        final List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (final Callable<T> task : tasks) {
            futures.add(submit.apply(task));
        }
        for (final Future<T> future : futures) {
            try {
                if (deadline == Long.MAX_VALUE) {
                    future.get();
                } else {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (final ExecutionException | CancellationException e) {
                // reported through the future
            } catch (final TimeoutException e) {
                break;
            }
        }
        for (final Future<T> future : futures) {
            future.cancel(false);
        }
        return futures;
    }

    /**
     * Submits every task and returns the result of the first that succeeds; the others are cancelled.
     *
     * @param submit       the pool's submit
     * @param tasks        the tasks, at least one
     * @param timeoutNanos the timeout, {@link Long#MAX_VALUE} for none
     * @param <T>          the result type
     * @return the first successful result
     * @throws ExecutionException   when every task failed (the last failure)
     * @throws TimeoutException     when none succeeded in time
     * @throws InterruptedException when interrupted while waiting
     */
    static <T> T invokeAny(final Function<Callable<T>, AsyncResult<T>> submit,
                           final Collection<? extends Callable<T>> tasks, final long timeoutNanos)
        throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks is empty; expected at least one task");
        }
        final long deadline = deadline(timeoutNanos);
        final LinkedBlockingQueue<AsyncResult<T>> done = new LinkedBlockingQueue<>();
        final List<AsyncResult<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (final Callable<T> task : tasks) {
                final AsyncResult<T> future = submit.apply(task);
                futures.add(future);
                future.future().whenComplete((v, t) -> done.add(future));
            }
            ExecutionException last = null;
            for (int i = 0; i < futures.size(); i++) {
                final AsyncResult<T> next = deadline == Long.MAX_VALUE ? done.take()
                    : done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new TimeoutException("no task of invokeAny finished successfully in time");
                }
                try {
                    return next.get();
                } catch (final ExecutionException e) {
                    last = e;
                } catch (final CancellationException e) {
                    last = new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            for (final AsyncResult<T> future : futures) {
                future.cancel(false);
            }
        }
    }

    private static long deadline(final long timeoutNanos) {
        return timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    }
}
