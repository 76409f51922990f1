package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import java.nio.file.Path;

/**
 * The local implementation of {@link SimpleQueue}: see there for what it guarantees.
 */
final class LocalSimpleQueue<E> extends AbstractSharedQueue<E> implements SimpleQueue<E> {
    private static final long serialVersionUID = 1L;

    LocalSimpleQueue(final MpmcChannel channel, final QueueOptions options) {
        super(channel, options, Flavour.SIMPLE);
    }

    private static QueueOptions unbounded(final QueueOptions options) {
        if (options.maxItems() != 0) {
            throw new IllegalArgumentException("maxItems=" + options.maxItems() + " is not allowed for a SimpleQueue,"
                + " which is bounded by bytes only; use a SharedQueue for an item bound");
        }
        return options;
    }

    public static <E> SimpleQueue<E> create(final Path file, final QueueOptions options) {
        return new LocalSimpleQueue<>(createChannel(file, unbounded(options)), options);
    }

    public static <E> SimpleQueue<E> attach(final Path file, final QueueOptions options) {
        return new LocalSimpleQueue<>(attachChannel(file), options);
    }

    public static <E> SimpleQueue<E> open(final Path file, final QueueOptions options) {
        return new LocalSimpleQueue<>(openChannel(file, unbounded(options)), options);
    }
}
