package io.shmproc.cluster;

import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SimpleQueue;

/**
 * The cluster's {@link SimpleQueue}: the same queue as {@link ClusterSharedQueue}, under Python's name.
 *
 * @param <E> the type of items
 */
final class ClusterSimpleQueue<E> extends ClusterQueueBase<E> implements SimpleQueue<E> {
    private static final long serialVersionUID = 1L;

    ClusterSimpleQueue(final ClusterOps ops, final String name, final QueueOptions options) {
        super(ops, name, options, false);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener(final String queueName,
                                                                             final QueueOptions queueOptions) {
        return mp -> mp.simpleQueue(queueName, queueOptions);
    }
}
