package io.shmproc.cluster;

import io.shmproc.queue.QueueOptions;

/**
 * The cluster's {@link io.shmproc.queue.SharedQueue}: an item is finished when it is taken, so a consumer that
 * dies after taking an item has it (it is not delivered again).
 *
 * @param <E> the type of items
 */
final class ClusterSharedQueue<E> extends ClusterQueueBase<E> {
    private static final long serialVersionUID = 1L;

    ClusterSharedQueue(final ClusterOps ops, final String name, final QueueOptions options) {
        super(ops, name, options, false);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener(final String queueName,
                                                                             final QueueOptions queueOptions) {
        return mp -> mp.queue(queueName, queueOptions);
    }
}
