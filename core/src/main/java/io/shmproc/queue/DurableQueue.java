package io.shmproc.queue;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.channel.DurableChannel;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.memory.ArrayBuffer;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A persistent, replayable queue of objects in a directory, shared by any number of producer and consumer
 * processes: unlike the in-memory queues, its contents survive the death of every process and a restart.
 * Built on Chronicle Queue (see {@link DurableChannel}).
 *
 * <pre>{@code
 * DurableQueue<Order> orders = mp.durableQueue(Path.of("/var/lib/app/orders"), Codecs.object(),
 *     DurableQueueOptions.defaults());
 * orders.put(order);                                        // producer, any process
 *
 * try (DurableConsumer<Order> billing = orders.consumer("billing", AckMode.EXPLICIT)) {
 *     Order next = billing.take();                          // resumes after the last acknowledged order
 *     bill(next);
 *     billing.ack();                                        // now a restart resumes after it
 * }
 * }</pre>
 *
 * <p><b>Producers.</b> {@link #put} never blocks for space (the log is on disk) and is thread-safe; when it
 * returns the message is in the log, durable against the death of every process (not against a machine crash:
 * there is no {@code fsync}) and visible to every consumer. A producer killed mid-put leaves no partial message.
 *
 * <p><b>Consumers.</b> Each {@linkplain #consumer(String, AckMode) named consumer} reads the whole log
 * independently, in order, and persists the index of the last message it acknowledged; reopened (in any process,
 * after any crash) it resumes right after that message. Delivery is <em>at least once</em>: messages taken but
 * not acknowledged are delivered again. The queue's own {@link #take()} and {@link #poll()} use one consumer in
 * {@link AckMode#AUTO} named by {@link DurableQueueOptions#defaultConsumer()}.
 *
 * <p><b>Handles.</b> A queue is serializable: a copy sent to another process re-opens the same directory there.
 * {@link #close()} closes this process's handle; the files stay (delete the directory to destroy the queue).
 *
 * @param <E> the element type
 */
public final class DurableQueue<E> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient DurableChannel channel;
    private final transient ThreadLocal<ArrayBuffer> encodeBuffers =
        ThreadLocal.withInitial(() -> ArrayBuffer.growable(256));
    private final Codec<E> codec;
    private final DurableQueueOptions options;
    private transient DurableConsumer<E> defaultConsumer;

    private DurableQueue(final DurableChannel channel, final Codec<E> codec, final DurableQueueOptions options) {
        this.channel = channel;
        this.codec = codec;
        this.options = options;
    }

    /**
     * Opens (creating if needed) the durable queue in a directory. Several processes may open it at once; all
     * must use the same codec.
     *
     * @param directory the directory (created with mode 0700 if missing); prefer a disk-backed file system
     * @param codec     turns elements into bytes and back
     * @param options   the options (copied)
     * @param <E>       the element type
     * @return the open queue
     * @throws IllegalArgumentException                         when an argument is null or invalid
     * @throws io.shmproc.exceptions.MissingDependencyException when Chronicle Queue is not on the class path
     * @throws io.shmproc.exceptions.MissingJvmFlagException    when the JVM lacks Chronicle's options
     *                                                          ({@link ChronicleFlags#CHRONICLE_ARGS})
     * @throws io.shmproc.exceptions.ShmprocException           when the directory cannot be opened
     */
    public static <E> DurableQueue<E> open(final Path directory, final Codec<E> codec,
                                           final DurableQueueOptions options) {
        if (codec == null) {
            throw new IllegalArgumentException("codec is null; expected a Codec such as Codecs.object()");
        }
        if (options == null) {
            throw new IllegalArgumentException("options is null; use DurableQueueOptions.defaults()");
        }
        // before DurableChannel is linked: it refers to Chronicle classes
        ChronicleFlags.requireChronicle();
        final DurableQueueOptions copy = options.copy();
        return new DurableQueue<>(DurableChannel.open(directory, copy.channelOptions()), codec, copy);
    }

    /**
     * Appends an element; never blocks for space. Thread-safe. While another live process holds the log's write
     * lock (a GC pause, a stopped process) it waits for it, as long as it takes; a dead holder's lock is taken
     * over within about 250 ms. Use {@link #offer(Object, long, TimeUnit)} to bound the wait.
     *
     * @param element the element
     * @throws NullPointerException                    when {@code element} is null
     * @throws IllegalArgumentException                when its encoding exceeds the largest message
     * @throws io.shmproc.exceptions.CodecException    when the codec cannot encode it (nothing is appended)
     * @throws io.shmproc.exceptions.DiskFullException when the log's file system is full: nothing is appended
     *                                                 (in a rare case, the disk filling while the message's index
     *                                                 entry is written, the message is in the log), the write lock
     *                                                 is released; retry once there is space
     * @throws io.shmproc.exceptions.ShmprocException  when the append fails for another reason (named)
     * @throws ClosedException                         when the queue is closed
     */
    public void put(final E element) {
        append(element);
    }

    /**
     * Appends an element, like {@link #put}; always succeeds unless it throws.
     *
     * @param element the element
     * @return {@code true}
     * @throws NullPointerException                 when {@code element} is null
     * @throws IllegalArgumentException             when its encoding exceeds the largest message
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode it
     * @throws ClosedException                      when the queue is closed
     */
    public boolean offer(final E element) {
        append(element);
        return true;
    }

    /**
     * Appends an element, waiting at most {@code timeout} for Chronicle's write lock when another live process
     * holds it (a GC pause, a stopped process).
     *
     * @param element the element
     * @param timeout how long to wait for the write lock
     * @param unit    its unit
     * @return {@code true} when appended; {@code false} when the lock stayed held for the whole timeout (nothing
     *         is appended then)
     * @throws NullPointerException                   when {@code element} is null
     * @throws IllegalArgumentException               when its encoding exceeds the largest message, or the timeout
     *                                                is negative
     * @throws io.shmproc.exceptions.CodecException   when the codec cannot encode it (nothing is appended)
     * @throws io.shmproc.exceptions.DiskFullException when the log's file system is full (nothing is appended)
     * @throws ClosedException                        when the queue is closed
     */
    public boolean offer(final E element, final long timeout, final TimeUnit unit) {
        if (element == null) {
            throw new NullPointerException("element is null; a durable queue holds no nulls");
        }
        final ArrayBuffer buffer = encodeBuffers.get();
        final int length = codec.encode(element, buffer, 0);
        return channel.tryAppend(buffer, 0, length, timeout, unit) != DurableChannel.NO_INDEX;
    }

    /**
     * Appends an element and returns its index in the log (for {@link DurableConsumer#seek(long)}).
     *
     * @param element the element
     * @return its index
     * @throws NullPointerException                 when {@code element} is null
     * @throws IllegalArgumentException             when its encoding exceeds the largest message
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode it
     * @throws ClosedException                      when the queue is closed
     */
    public long append(final E element) {
        if (element == null) {
            throw new NullPointerException("element is null; a durable queue holds no nulls");
        }
        final ArrayBuffer buffer = encodeBuffers.get();
        final int length = codec.encode(element, buffer, 0);
        return channel.append(buffer, 0, length);
    }

    /**
     * Opens a named consumer in {@link AckMode#EXPLICIT}.
     *
     * @param name the consumer's name ({@code [A-Za-z0-9._-]}, not starting with '.')
     * @return the consumer, positioned right after the name's last acknowledgement
     * @throws IllegalArgumentException              when the name is invalid
     * @throws io.shmproc.exceptions.ShmprocException when the name is already open (here or elsewhere)
     */
    public DurableConsumer<E> consumer(final String name) {
        return consumer(name, AckMode.EXPLICIT);
    }

    /**
     * Opens a named consumer. A name has one open consumer at a time across all processes; a consumer whose
     * process died releases its name.
     *
     * @param name    the consumer's name ({@code [A-Za-z0-9._-]}, not starting with '.')
     * @param ackMode when taken messages are acknowledged
     * @return the consumer, positioned right after the name's last acknowledgement (or at the oldest message)
     * @throws IllegalArgumentException              when the name is invalid or {@code ackMode} is null
     * @throws io.shmproc.exceptions.ShmprocException when the name is already open (here or elsewhere)
     * @throws ClosedException                       when the queue is closed
     */
    public DurableConsumer<E> consumer(final String name, final AckMode ackMode) {
        if (ackMode == null) {
            throw new IllegalArgumentException("ackMode is null; expected one of AckMode.EXPLICIT, AckMode.AUTO");
        }
        return new DurableConsumer<>(channel.cursor(name), codec, ackMode);
    }

    /**
     * Retires a consumer name that is no longer used, so that retention no longer keeps files for it; see
     * {@link DurableChannel#retireConsumer(String)}.
     *
     * @param name the consumer's name
     * @throws IllegalArgumentException              when the name is invalid
     * @throws io.shmproc.exceptions.ShmprocException when the name is open (here or elsewhere)
     */
    public void retireConsumer(final String name) {
        channel.retireConsumer(name);
    }

    /**
     * Takes the next element for the queue's default consumer ({@link AckMode#AUTO}), waiting if necessary.
     *
     * @return the element
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException      when the queue is closed
     */
    public E take() throws InterruptedException {
        return defaultConsumer().take();
    }

    /**
     * Takes the next element for the default consumer if there is one now.
     *
     * @return the element, or {@code null} when there is none
     * @throws ClosedException when the queue is closed
     */
    public E poll() {
        return defaultConsumer().poll();
    }

    /**
     * Takes the next element for the default consumer, waiting up to a timeout.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the element, or {@code null} when none came in time (nothing is consumed then)
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException      when the queue is closed
     */
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return defaultConsumer().poll(timeout, unit);
    }

    /**
     * The index of the last element in the log.
     *
     * @return the index, or {@link DurableChannel#NO_INDEX} when empty
     */
    public long lastIndex() {
        return channel.lastIndex();
    }

    /**
     * Runs retention now; see {@link DurableChannel#deleteConsumedCycles()}.
     *
     * @return how many cycle files were deleted
     */
    public int deleteConsumedCycles() {
        return channel.deleteConsumedCycles();
    }

    /**
     * The queue's directory.
     *
     * @return the absolute path
     */
    public Path directory() {
        return channel.directory();
    }

    /**
     * The underlying byte log, for byte-level producers and consumers.
     *
     * @return the channel
     */
    public DurableChannel channel() {
        return channel;
    }

    /**
     * Closes this process's handle and its open consumers (the default consumer acknowledges its last message;
     * explicit consumers acknowledge nothing). The files stay. Idempotent.
     */
    @Override
    public void close() {
        final DurableConsumer<E> own;
        synchronized (this) {
            own = defaultConsumer;
            defaultConsumer = null;
        }
        if (own != null && !channel.isClosed()) {
            own.close();
        }
        channel.close();
    }

    @Override
    public String toString() {
        return "DurableQueue[" + channel.directory() + ", last index " + Long.toHexString(channel.isClosed() ? -1
            : channel.lastIndex()) + (channel.isClosed() ? ", closed" : "") + "]";
    }

    private synchronized DurableConsumer<E> defaultConsumer() {
        if (defaultConsumer == null) {
            defaultConsumer = consumer(options.defaultConsumer(), AckMode.AUTO);
        }
        return defaultConsumer;
    }

    private Object writeReplace() {
        return new Ref<>(channel.directory().toString(), codec, options);
    }

    /** The serialized form: where the queue lives and how to open it. */
    private static final class Ref<E> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String directory;
        private final Codec<E> codec;
        private final DurableQueueOptions options;

        Ref(final String directory, final Codec<E> codec, final DurableQueueOptions options) {
            this.directory = directory;
            this.codec = codec;
            this.options = options;
        }

        private Object readResolve() {
            return DurableQueue.open(Path.of(directory), codec, options);
        }
    }
}
