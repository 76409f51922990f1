package io.shmproc.pipe;

import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.WaitStrategy;
import java.io.Serializable;
import java.util.Objects;

/**
 * The options of a pipe: direction, the capacity of each direction's ring, the largest message and how its
 * ends wait.
 *
 * <table>
 *   <caption>Pipe options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th></tr>
 *   <tr><td>{@link #duplex()} / {@link #simplex()}</td><td>—</td><td>duplex, as Python's {@code Pipe()}</td></tr>
 *   <tr><td>{@link #capacity(int)}</td><td>{@value #CAPACITY_PROPERTY}</td><td>{@value #DEFAULT_CAPACITY}</td></tr>
 *   <tr><td>{@link #maxMessageLength(int)}</td><td>{@value ChannelOptions#MAX_MESSAGE_LENGTH_PROPERTY}</td>
 *       <td>64 MiB</td></tr>
 *   <tr><td>{@link #waitStrategy(WaitStrategy)}</td><td>{@value #WAIT_STRATEGY_PROPERTY}</td><td>backoff</td></tr>
 * </table>
 */
public final class PipeOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** System property of {@link #capacity(int)}. */
    public static final String CAPACITY_PROPERTY = "shmproc.pipe.capacity";
    /** Default ring capacity per direction: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** System property of {@link #waitStrategy(WaitStrategy)}. */
    public static final String WAIT_STRATEGY_PROPERTY = "shmproc.pipe.waitStrategy";

    private final boolean duplex;
    private final ChannelOptions channel;

    private PipeOptions(final boolean duplex) {
        this.duplex = duplex;
        this.channel = ChannelOptions.defaults().capacity(Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY));
        final String strategy = System.getProperty(WAIT_STRATEGY_PROPERTY);
        if (strategy != null) {
            channel.waitStrategy(WaitStrategy.parse(strategy, WAIT_STRATEGY_PROPERTY));
        }
    }

    private PipeOptions(final boolean duplex, final ChannelOptions channel) {
        this.duplex = duplex;
        this.channel = channel;
    }

    /** Options with these exact values, as another process's end had them. */
    static PipeOptions restored(final boolean duplex, final ChannelOptions channel) {
        return new PipeOptions(duplex, channel);
    }

    /**
     * A two-way pipe: both ends send and receive (Python's {@code Pipe()} and {@code Pipe(duplex=True)}).
     *
     * @return new options
     */
    public static PipeOptions duplex() {
        return new PipeOptions(true);
    }

    /**
     * A one-way pipe: end 1 only receives, end 2 only sends (Python's {@code Pipe(duplex=False)}).
     *
     * @return new options
     */
    public static PipeOptions simplex() {
        return new PipeOptions(false);
    }

    /**
     * The ring capacity of each direction.
     *
     * @param bytes a power of two, see {@link ChannelOptions#capacity(int)}
     * @return these options
     * @throws IllegalArgumentException when out of range or not a power of two
     */
    public PipeOptions capacity(final int bytes) {
        channel.capacity(bytes);
        return this;
    }

    /**
     * The largest message (encoded length); longer ones are rejected by {@code send} before anything is written.
     *
     * @param bytes see {@link ChannelOptions#maxMessageLength(int)}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public PipeOptions maxMessageLength(final int bytes) {
        channel.maxMessageLength(bytes);
        return this;
    }

    /**
     * How the ends wait in {@code recv}, {@code poll} and a {@code send} into a full ring.
     *
     * @param strategy the strategy
     * @return these options
     */
    public PipeOptions waitStrategy(final WaitStrategy strategy) {
        channel.waitStrategy(Objects.requireNonNull(strategy, "waitStrategy"));
        return this;
    }

    /**
     * Whether both ends send and receive.
     *
     * @return {@code true} for a duplex pipe
     */
    public boolean isDuplex() {
        return duplex;
    }

    /**
     * The options of each direction's channel.
     *
     * @return a copy
     */
    public ChannelOptions channelOptions() {
        return channel.copy();
    }

    @Override
    public String toString() {
        return "PipeOptions[" + (duplex ? "duplex" : "simplex") + ", " + channel + "]";
    }
}
