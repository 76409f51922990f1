package io.shmproc.cluster;

import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's {@link JoinableQueue}. An item stays unfinished until {@link #taskDone()}; when the client that
 * took it dies first (its session ends), the item is put back at the head of the queue and delivered again, so a
 * task is lost only if its result was already produced and the consumer died before marking it: consumers must be
 * idempotent or mark their items done.
 *
 * @param <E> the type of items
 */
final class ClusterJoinableQueue<E> extends ClusterQueueBase<E> implements JoinableQueue<E> {
    private static final long serialVersionUID = 1L;

    ClusterJoinableQueue(final ClusterOps ops, final String name, final QueueOptions options) {
        super(ops, name, options, true);
    }

    @Override
    public void taskDone() {
        handle.checkOpen();
        ops().queueTaskDone(name());
    }

    @Override
    public long unfinishedTasks() {
        handle.checkOpen();
        return ops().queueUnfinished(name());
    }

    private boolean joinNanos(final long nanos) throws InterruptedException {
        handle.checkOpen();
        return ClientWaits.inSlices(nanos, true, slice -> ops().queueJoin(name(), slice));
    }

    @Override
    public void join() throws InterruptedException {
        joinNanos(ClientWaits.FOREVER);
    }

    @Override
    public boolean join(final Duration timeout) throws InterruptedException {
        return joinNanos(ClientWaits.nanos(timeout));
    }

    @Override
    public boolean join(final long timeout, final TimeUnit unit) throws InterruptedException {
        return joinNanos(ClientWaits.nanos(timeout, unit));
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener(final String queueName,
                                                                             final QueueOptions queueOptions) {
        return mp -> mp.joinableQueue(queueName, queueOptions);
    }
}
