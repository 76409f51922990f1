package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of a queue: a small mutable builder, validated at each setter, serializable with the queue's
 * handle.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th></tr>
 *   <tr><td>{@link #capacityBytes(int)}</td><td>{@value #CAPACITY_BYTES_PROPERTY}</td>
 *       <td>{@value #DEFAULT_CAPACITY_BYTES} (1 MiB)</td></tr>
 *   <tr><td>{@link #maxItems(long)}</td><td>{@value #MAX_ITEMS_PROPERTY}</td><td>{@value #DEFAULT_MAX_ITEMS}
 *       (bounded by bytes only, like Python's {@code maxsize=0})</td></tr>
 *   <tr><td>{@link #maxMessageLength(int)}</td><td>{@value #MAX_MESSAGE_LENGTH_PROPERTY}</td>
 *       <td>{@value #DEFAULT_MAX_MESSAGE_LENGTH} (64 MiB)</td></tr>
 *   <tr><td>{@link #idle(IdleMode)}</td><td>{@value #IDLE_PROPERTY}</td><td>{@code BACKOFF}</td></tr>
 *   <tr><td>{@link #codec(Codec)}</td><td>none</td><td>{@link Codecs#object()}</td></tr>
 * </table>
 *
 * <p>The capacity, item bound and maximum message length are fixed when a queue's file is created; a handle
 * that attaches to an existing queue takes them from the file and uses only its own codec and idle mode.
 */
public final class QueueOptions implements Serializable {
    /** System property of {@link #capacityBytes(int)}. */
    public static final String CAPACITY_BYTES_PROPERTY = "shmproc.queue.capacityBytes";
    /** Default ring capacity. */
    public static final int DEFAULT_CAPACITY_BYTES = 1 << 20;
    /** System property of {@link #maxItems(long)}. */
    public static final String MAX_ITEMS_PROPERTY = "shmproc.queue.maxItems";
    /** Default item bound: none. */
    public static final long DEFAULT_MAX_ITEMS = 0;
    /** System property of {@link #maxMessageLength(int)}. */
    public static final String MAX_MESSAGE_LENGTH_PROPERTY = "shmproc.queue.maxMessageLength";
    /** Default largest encoded item. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 << 20;
    /** System property of {@link #idle(IdleMode)}: {@code backoff}, {@code busy_spin} or {@code yielding}. */
    public static final String IDLE_PROPERTY = "shmproc.queue.idle";

    private static final long serialVersionUID = 1L;

    private int capacityBytes;
    private long maxItems;
    private int maxMessageLength;
    private IdleMode idle;
    private Codec<?> codec = Codecs.object();

    private QueueOptions() {
        capacityBytes(Integer.getInteger(CAPACITY_BYTES_PROPERTY, DEFAULT_CAPACITY_BYTES));
        maxItems(Long.getLong(MAX_ITEMS_PROPERTY, DEFAULT_MAX_ITEMS));
        maxMessageLength(Integer.getInteger(MAX_MESSAGE_LENGTH_PROPERTY, DEFAULT_MAX_MESSAGE_LENGTH));
        final String mode = System.getProperty(IDLE_PROPERTY, IdleMode.BACKOFF.name());
        try {
            idle = IdleMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(IDLE_PROPERTY + "=" + mode + " is not an idle mode; expected backoff,"
                + " busy_spin or yielding", e);
        }
    }

    /**
     * The defaults, with system properties applied.
     *
     * @return new options
     */
    public static QueueOptions defaults() {
        return new QueueOptions();
    }

    /**
     * The ring's size in bytes: the byte bound of the queue.
     *
     * @param bytes a power of two from 1 KiB to 1 GiB
     * @return these options
     * @throws IllegalArgumentException when not a power of two in range
     */
    public QueueOptions capacityBytes(final int bytes) {
        MpmcChannel.validateCapacity(bytes);
        this.capacityBytes = bytes;
        return this;
    }

    /**
     * The most items the queue holds at once (Python's {@code maxsize}); 0 for no bound but bytes.
     *
     * @param items 0 or more
     * @return these options
     * @throws IllegalArgumentException when negative
     */
    public QueueOptions maxItems(final long items) {
        if (items < 0) {
            throw new IllegalArgumentException("maxItems=" + items + " is negative; expected 0 (no item bound) or"
                + " more");
        }
        this.maxItems = items;
        return this;
    }

    /**
     * The largest encoded item; items larger than the ring are fragmented transparently.
     *
     * @param bytes 1 to 1 GiB
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public QueueOptions maxMessageLength(final int bytes) {
        if (bytes < 1 || bytes > 1 << 30) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " is out of range; expected 1 to "
                + (1 << 30) + " bytes");
        }
        this.maxMessageLength = bytes;
        return this;
    }

    /**
     * How blocked callers wait.
     *
     * @param mode the idle mode
     * @return these options
     */
    public QueueOptions idle(final IdleMode mode) {
        this.idle = Objects.requireNonNull(mode, "idle");
        return this;
    }

    /**
     * The codec of items; every process using the queue must use a compatible one.
     *
     * @param codec a serializable codec
     * @return these options
     */
    public QueueOptions codec(final Codec<?> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * The ring's size.
     *
     * @return bytes
     */
    public int capacityBytes() {
        return capacityBytes;
    }

    /**
     * The item bound.
     *
     * @return items, 0 for none
     */
    public long maxItems() {
        return maxItems;
    }

    /**
     * The largest encoded item.
     *
     * @return bytes
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * The idle mode.
     *
     * @return the mode
     */
    public IdleMode idle() {
        return idle;
    }

    /**
     * The codec.
     *
     * @return the codec
     */
    public Codec<?> codec() {
        return codec;
    }

    /** Options with these exact values, as another handle (in this process or another) has them. */
    static QueueOptions restored(final int capacityBytes, final long maxItems, final int maxMessageLength,
                                 final IdleMode idle, final Codec<?> codec) {
        return new QueueOptions().capacityBytes(capacityBytes).maxItems(maxItems).maxMessageLength(maxMessageLength)
            .idle(idle).codec(codec);
    }

    QueueOptions copy() {
        return restored(capacityBytes, maxItems, maxMessageLength, idle, codec);
    }

    @Override
    public String toString() {
        return "QueueOptions[capacityBytes=" + capacityBytes + ", maxItems=" + maxItems + ", maxMessageLength="
            + maxMessageLength + ", idle=" + idle + ", codec=" + codec.getClass().getSimpleName() + "]";
    }
}
