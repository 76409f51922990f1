package io.shmproc.pool;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * What both pool engines do the same way: the pool's state, the hand-off of submitted jobs to the dispatcher
 * thread (submitting threads enqueue, the dispatcher drains), the jobs waiting and in flight, the callback
 * thread, storing a worker's results in their job, and the end of the pool. How jobs reach workers is the
 * subclass's.
 */
abstract class AbstractPoolEngine implements PoolEngine, Runnable {
    final PoolOptions options;
    /** Submitted, not yet seen by the dispatcher (any thread adds). */
    final ConcurrentLinkedQueue<Job> submissions = new ConcurrentLinkedQueue<>();
    /** Waiting for a worker (dispatcher thread only). */
    final ArrayDeque<Job> pending = new ArrayDeque<>();
    /** Sent to a worker, results not all in (dispatcher thread only). */
    final Long2ObjectHashMap<Job> inFlight = new Long2ObjectHashMap<>();
    final Object stateLock = new Object();
    volatile State state = State.RUNNING;
    private final ThreadPoolExecutor callbackThread;
    private final Executor callbacks = this::runCallback;
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * Starts the callback thread.
     *
     * @param options the pool's options
     * @param name    the prefix of the pool's thread names
     */
    AbstractPoolEngine(final PoolOptions options, final String name) {
        this.options = options;
        callbackThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            final Thread t = new Thread(r, name + "-callbacks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Makes the dispatcher look at its work now (called under {@link #stateLock}). */
    abstract void wakeDispatcher();

    /**
     * What the pool is called in a refusal.
     *
     * @return such as {@code pool /dev/shm/.../pool-1}
     */
    abstract String describe();

    /**
     * A job's results are all in or it failed: it leaves the jobs in flight (dispatcher thread).
     *
     * @param job the job
     */
    abstract void finish(Job job);

    @Override
    public Executor callbacks() {
        return callbacks;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void submit(final Job job) {
        synchronized (stateLock) {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException("the pool is "
                    + (state == State.SHUTDOWN ? "closed" : "terminated")
                    + " and accepts no new tasks", new ClosedException(describe() + " is " + state));
            }
            submissions.offer(job);
            wakeDispatcher();
        }
    }

    @Override
    public void shutdown() {
        synchronized (stateLock) {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
            }
            wakeDispatcher();
        }
    }

    @Override
    public void terminate() {
        synchronized (stateLock) {
            state = State.TERMINATING;
            wakeDispatcher();
        }
    }

    @Override
    public boolean awaitFinished(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!finished.await(timeout, unit)) {
            return false;
        }
        return callbackThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isFinished() {
        return finished.getCount() == 0 && callbackThread.isTerminated();
    }

    /** Moves what was submitted to the pending jobs (dispatcher thread); returns how many. */
    final int drainSubmissions() {
        int count = 0;
        Job job;
        while ((job = submissions.poll()) != null) {
            pending.addLast(job);
            count++;
        }
        return count;
    }

    /** Whether no job is submitted, pending or in flight. */
    final boolean isDrained() {
        synchronized (stateLock) {
            return submissions.isEmpty() && pending.isEmpty() && inFlight.isEmpty();
        }
    }

    /** Fails every job not finished (dispatcher thread). */
    final void failEverything(final Throwable cause) {
        drainSubmissions();
        for (final Job job : pending) {
            job.failed(cause);
        }
        pending.clear();
        for (final Job job : new ArrayList<>(inFlight.values())) {
            job.failed(cause);
        }
        inFlight.clear();
    }

    /**
     * Stores the results of a RESULT message in its job; finishes the job and completes it when they are all in,
     * or fails it when one cannot be decoded (dispatcher thread).
     *
     * @param job    the job
     * @param buffer the message
     * @param index  where its body starts (the job id)
     * @param pid    the worker's pid, for an error
     * @param where  {@code ""}, or {@code " on HOST"} for a worker on another host, for an error
     * @return whether the job completed now
     */
    final boolean storeResults(final Job job, final DirectBuffer buffer, final int index, final long pid,
                               final String where) {
        final int first = buffer.getInt(index + Long.BYTES, PoolProtocol.ORDER);
        final int count = buffer.getInt(index + Long.BYTES + Integer.BYTES, PoolProtocol.ORDER);
        int position = index + PoolProtocol.RESULT_HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            final Object value;
            try {
                value = PoolProtocol.readItem(buffer, position);
            } catch (final RuntimeException e) {
                finish(job);
                job.failed(new CodecException("result " + (first + i) + " of task " + job.id + " from pool worker pid "
                    + pid + where + " cannot be decoded in the parent: " + e.getMessage(), e));
                return false;
            }
            job.result(first + i, value);
            position += PoolProtocol.itemLength(buffer, position);
        }
        job.received += count;
        if (job.received >= job.calls) {
            finish(job);
            job.succeeded();
            return true;
        }
        return false;
    }

    /** The pool has ended: no more callbacks are taken, and waiters are released once they ran. */
    final void ended() {
        callbackThread.shutdown();
        finished.countDown();
    }

    private void runCallback(final Runnable callback) {
        final Runnable guarded = () -> {
            try {
                callback.run();
            } catch (final Throwable t) {
                System.err.println("shmproc: a pool callback threw; ignoring it");
                t.printStackTrace();
            }
        };
        try {
            callbackThread.execute(guarded);
        } catch (final RejectedExecutionException e) {
            guarded.run();
        }
    }
}
