package io.shmproc.channel;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of a message channel: a small mutable builder whose defaults and checks live in one place.
 *
 * <p>Capacity, maximum message length and producer slots are fixed when a channel is created and read back
 * from the shared file by every attacher; the wait strategy and the stall timeout belong to each handle.
 * Every option has a system property beside its default; a property set on the command line overrides the
 * default, a setter overrides both.
 *
 * <table>
 *   <caption>Channel options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th></tr>
 *   <tr><td>{@link #capacity(int)}</td><td>{@value #CAPACITY_PROPERTY}</td><td>{@value #DEFAULT_CAPACITY}</td></tr>
 *   <tr><td>{@link #maxMessageLength(int)}</td><td>{@value #MAX_MESSAGE_LENGTH_PROPERTY}</td>
 *       <td>{@value #DEFAULT_MAX_MESSAGE_LENGTH} (64 MiB)</td></tr>
 *   <tr><td>{@link #producers(int)}</td><td>{@value #PRODUCERS_PROPERTY}</td><td>{@value #DEFAULT_PRODUCERS}</td></tr>
 *   <tr><td>{@link #waitStrategy(WaitStrategy)}</td><td>{@value #WAIT_STRATEGY_PROPERTY}</td><td>backoff</td></tr>
 *   <tr><td>{@link #stallTimeout(Duration)}</td><td>{@value #STALL_TIMEOUT_PROPERTY} (ms)</td>
 *       <td>{@value #DEFAULT_STALL_TIMEOUT_MILLIS} ms</td></tr>
 * </table>
 */
public final class ChannelOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** System property of {@link #capacity(int)}. */
    public static final String CAPACITY_PROPERTY = "shmproc.channel.capacity";
    /** Default ring capacity in bytes: 1 MiB, so one record holds up to 128 KiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Smallest ring capacity accepted. */
    public static final int MIN_CAPACITY = 1 << 10;
    /** Largest ring capacity accepted. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** System property of {@link #maxMessageLength(int)}. */
    public static final String MAX_MESSAGE_LENGTH_PROPERTY = "shmproc.channel.maxMessageLength";
    /** Default largest message, fragmented over ring records: 64 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 << 20;
    /** Largest maximum message length accepted: 1 GiB. */
    public static final int MAX_MAX_MESSAGE_LENGTH = 1 << 30;
    /** System property of {@link #producers(int)}. */
    public static final String PRODUCERS_PROPERTY = "shmproc.channel.producers";
    /** Default number of producer slots of a many-producer channel. */
    public static final int DEFAULT_PRODUCERS = 64;
    /** System property of {@link #waitStrategy(WaitStrategy)}. */
    public static final String WAIT_STRATEGY_PROPERTY = "shmproc.channel.waitStrategy";
    /** Default wait strategy. */
    public static final WaitStrategy DEFAULT_WAIT_STRATEGY = WaitStrategy.BACKOFF;
    /** System property of {@link #stallTimeout(Duration)}, in milliseconds. */
    public static final String STALL_TIMEOUT_PROPERTY = "shmproc.channel.stallTimeoutMillis";
    /** Default stall timeout in milliseconds. */
    public static final long DEFAULT_STALL_TIMEOUT_MILLIS = 30_000;

    private int capacity;
    private int maxMessageLength;
    private int producers;
    private WaitStrategy waitStrategy;
    private Duration stallTimeout;

    private ChannelOptions() {
        capacity = Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY);
        maxMessageLength = Integer.getInteger(MAX_MESSAGE_LENGTH_PROPERTY, DEFAULT_MAX_MESSAGE_LENGTH);
        producers = Integer.getInteger(PRODUCERS_PROPERTY, DEFAULT_PRODUCERS);
        final String strategy = System.getProperty(WAIT_STRATEGY_PROPERTY);
        waitStrategy = strategy == null ? DEFAULT_WAIT_STRATEGY : WaitStrategy.parse(strategy, WAIT_STRATEGY_PROPERTY);
        stallTimeout = Duration.ofMillis(Long.getLong(STALL_TIMEOUT_PROPERTY, DEFAULT_STALL_TIMEOUT_MILLIS));
    }

    /**
     * The defaults, with system properties applied.
     *
     * @return new options
     */
    public static ChannelOptions defaults() {
        return new ChannelOptions();
    }

    /**
     * A copy of these options.
     *
     * @return new options with the same values
     */
    public ChannelOptions copy() {
        final ChannelOptions copy = new ChannelOptions();
        copy.capacity = capacity;
        copy.maxMessageLength = maxMessageLength;
        copy.producers = producers;
        copy.waitStrategy = waitStrategy;
        copy.stallTimeout = stallTimeout;
        return copy;
    }

    /**
     * The ring's capacity in bytes; one record (and so one unfragmented message) holds up to an eighth of it.
     *
     * @param bytes a power of two from {@value #MIN_CAPACITY} to {@value #MAX_CAPACITY}
     * @return these options
     * @throws IllegalArgumentException when out of range or not a power of two
     */
    public ChannelOptions capacity(final int bytes) {
        if (bytes < MIN_CAPACITY || bytes > MAX_CAPACITY || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("capacity=" + bytes + " is not a power of two from " + MIN_CAPACITY
                + " to " + MAX_CAPACITY + "; use " + Math.max(MIN_CAPACITY,
                Math.min(MAX_CAPACITY, Integer.highestOneBit(Math.max(1, bytes - 1)) << 1)));
        }
        this.capacity = bytes;
        return this;
    }

    /**
     * The largest message the channel accepts; longer messages are rejected before anything is written.
     *
     * @param bytes 0 to {@value #MAX_MAX_MESSAGE_LENGTH}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public ChannelOptions maxMessageLength(final int bytes) {
        if (bytes < 0 || bytes > MAX_MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " is out of range; expected 0 to "
                + MAX_MAX_MESSAGE_LENGTH);
        }
        this.maxMessageLength = bytes;
        return this;
    }

    /**
     * The number of producer slots of a many-producer channel: how many producer handles may be open at once
     * (slots of dead processes are reclaimed). Ignored by single-producer channels.
     *
     * @param count 1 to {@value MessageFraming#MAX_PRODUCERS}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public ChannelOptions producers(final int count) {
        if (count < 1 || count > MessageFraming.MAX_PRODUCERS) {
            throw new IllegalArgumentException("producers=" + count + " is out of range; expected 1 to "
                + MessageFraming.MAX_PRODUCERS);
        }
        this.producers = count;
        return this;
    }

    /**
     * How this handle's blocking calls wait.
     *
     * @param strategy the strategy
     * @return these options
     */
    public ChannelOptions waitStrategy(final WaitStrategy strategy) {
        this.waitStrategy = Objects.requireNonNull(strategy, "waitStrategy");
        return this;
    }

    /**
     * How long a producer that has started a fragmented message waits for the consumer to make room before it
     * gives up with a {@link io.shmproc.exceptions.ShmprocTimeoutException}; the reader then never delivers
     * that message.
     *
     * @param timeout a positive duration
     * @return these options
     * @throws IllegalArgumentException when not positive
     */
    public ChannelOptions stallTimeout(final Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout=" + timeout + " is not a positive duration");
        }
        this.stallTimeout = timeout;
        return this;
    }

    /**
     * The ring capacity.
     *
     * @return bytes
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The largest message.
     *
     * @return bytes
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * The producer slots.
     *
     * @return the count
     */
    public int producers() {
        return producers;
    }

    /**
     * The wait strategy.
     *
     * @return the strategy
     */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /**
     * The stall timeout.
     *
     * @return the duration
     */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    @Override
    public String toString() {
        return "ChannelOptions[capacity=" + capacity + ", maxMessageLength=" + maxMessageLength + ", producers="
            + producers + ", waitStrategy=" + waitStrategy + ", stallTimeout=" + stallTimeout + "]";
    }
}
