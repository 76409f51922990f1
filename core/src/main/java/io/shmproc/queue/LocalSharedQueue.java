package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import java.nio.file.Path;

/**
 * The local implementation of {@link SharedQueue}: see there for what it guarantees.
 */
final class LocalSharedQueue<E> extends AbstractSharedQueue<E> {
    private static final long serialVersionUID = 1L;

    LocalSharedQueue(final MpmcChannel channel, final QueueOptions options) {
        super(channel, options, Flavour.SHARED);
    }

    public static <E> SharedQueue<E> create(final Path file, final QueueOptions options) {
        return new LocalSharedQueue<>(createChannel(file, options), options);
    }

    public static <E> SharedQueue<E> attach(final Path file, final QueueOptions options) {
        return new LocalSharedQueue<>(attachChannel(file), options);
    }

    public static <E> SharedQueue<E> open(final Path file, final QueueOptions options) {
        return new LocalSharedQueue<>(openChannel(file, options), options);
    }
}
