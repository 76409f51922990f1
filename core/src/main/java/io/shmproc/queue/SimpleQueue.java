package io.shmproc.queue;

import java.nio.file.Path;

/**
 * Python's {@code multiprocessing.SimpleQueue}: a many-producer many-consumer queue bounded by bytes only,
 * with the guarantees of {@link SharedQueue} (exactly-once delivery, per-producer order, crash safety, no
 * feeder thread).
 *
 * <p>Python's {@code SimpleQueue} offers {@code put}, {@code get}, {@code empty} and {@code close}; here they
 * are {@link #put}, {@link #get()}, {@link #isEmpty()} and {@link #close()}, and the whole
 * {@link java.util.concurrent.BlockingQueue} interface is there too. It has no item bound, so it never
 * checks one: the fastest of the three queues.
 *
 * <pre>{@code
 * SimpleQueue<byte[]> q = mp.simpleQueue("frames");
 * q.put(frame);   // elsewhere: byte[] f = q.get();
 * }</pre>
 *
 * @param <E> the type of items
 */
public interface SimpleQueue<E> extends SharedQueue<E> {
    /**
     * Creates a simple queue file.
     *
     * @param file    where; must not exist
     * @param options capacity, codec, idle mode; {@code maxItems} must be 0
     * @param <E>     the type of items
     * @return the creator's handle
     * @throws IllegalArgumentException when the options set an item bound
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    static <E> SimpleQueue<E> create(final Path file, final QueueOptions options) {
        return LocalSimpleQueue.create(file, options);
    }

    /**
     * Attaches to an existing queue file.
     *
     * @param file    the queue's file
     * @param options codec and idle mode for this handle
     * @param <E>     the type of items
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or not a queue
     */
    static <E> SimpleQueue<E> attach(final Path file, final QueueOptions options) {
        return LocalSimpleQueue.attach(file, options);
    }

    /**
     * Attaches to a queue file, creating it first if it does not exist.
     *
     * @param file    the queue's file
     * @param options options used if this call creates it; {@code maxItems} must be 0
     * @param <E>     the type of items
     * @return a handle
     * @throws IllegalArgumentException when the options set an item bound
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created or attached
     */
    static <E> SimpleQueue<E> open(final Path file, final QueueOptions options) {
        return LocalSimpleQueue.open(file, options);
    }
}
