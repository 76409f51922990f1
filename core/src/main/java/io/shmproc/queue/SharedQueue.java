package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import java.nio.file.Path;

/**
 * A bounded many-producer many-consumer {@link java.util.concurrent.BlockingQueue} shared by any number of
 * processes through one memory-mapped file: Python's {@code multiprocessing.Queue}.
 *
 * <p><b>Guarantees.</b> Every item put is taken exactly once, by one consumer in one process; items of one
 * producer thread are taken in the order they were put. {@link #put} returns only when the item is in shared
 * memory (there is no feeder thread): a producer killed right after {@code put} returned has lost nothing.
 * The queue is bounded by bytes ({@link QueueOptions#capacityBytes(int)}) and optionally by item count
 * ({@link QueueOptions#maxItems(long)}); items larger than the ring are fragmented transparently up to
 * {@link QueueOptions#maxMessageLength(int)}.
 *
 * <p><b>Crashes.</b> A producer killed while putting leaves nothing visible and does not block other
 * producers or consumers (they detect the dead holder within about {@value MpmcChannel#LIVENESS_CHECK_MILLIS}
 * ms of waiting). A consumer killed while taking does not block the others; an item it had not finished
 * taking is delivered to another consumer, except an item larger than one fragment whose first part it had
 * already read, which is lost.
 *
 * <p><b>Bad input.</b> {@code null} items are rejected; an item the codec cannot encode is rejected at
 * {@code put} with a {@link io.shmproc.exceptions.CodecException} and the queue is unchanged. Timed calls
 * that time out leave no trace. {@link #iterator()}, {@code contains} and {@code remove(Object)} are not
 * supported (a shared queue cannot be traversed without consuming it).
 *
 * <pre>{@code
 * SharedQueue<String> q = mp.queue("jobs");          // or SharedQueue.create(path, QueueOptions.defaults())
 * q.put("hello");                                     // in another process: q.take()
 * }</pre>
 *
 * @param <E> the type of items
 */
public final class SharedQueue<E> extends AbstractSharedQueue<E> {
    private static final long serialVersionUID = 1L;

    private SharedQueue(final MpmcChannel channel, final QueueOptions options) {
        super(channel, options, Flavour.SHARED);
    }

    /**
     * Creates a queue file.
     *
     * @param file    where; must not exist
     * @param options capacity, bounds, codec, idle mode
     * @param <E>     the type of items
     * @return the creator's handle
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    public static <E> SharedQueue<E> create(final Path file, final QueueOptions options) {
        return new SharedQueue<>(createChannel(file, options), options);
    }

    /**
     * Attaches to an existing queue file.
     *
     * @param file    the queue's file
     * @param options codec and idle mode for this handle (bounds come from the file)
     * @param <E>     the type of items
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or not a queue
     */
    public static <E> SharedQueue<E> attach(final Path file, final QueueOptions options) {
        return new SharedQueue<>(attachChannel(file), options);
    }

    /**
     * Attaches to a queue file, creating it first if it does not exist (safe when several processes race).
     *
     * @param file    the queue's file
     * @param options options used if this call creates it
     * @param <E>     the type of items
     * @return a handle
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created or attached
     */
    public static <E> SharedQueue<E> open(final Path file, final QueueOptions options) {
        return new SharedQueue<>(openChannel(file, options), options);
    }
}
