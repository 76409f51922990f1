package io.shmproc.queue;

import io.shmproc.channel.DurableChannelOptions;
import io.shmproc.channel.Retention;
import io.shmproc.channel.RollPeriod;
import java.io.Serializable;

/**
 * Options of a {@link DurableQueue}, with fluent setters; the log's options are those of
 * {@link DurableChannelOptions} (roll period, retention, largest message), each with its system property and
 * default there.
 *
 * <p>Mutable and not thread-safe; a queue copies the values when it opens.
 */
public final class DurableQueueOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** System property for {@link #defaultConsumer(String)}. */
    public static final String DEFAULT_CONSUMER_PROPERTY = "shmproc.durable.defaultConsumer";
    /** Default name of the consumer behind {@link DurableQueue#take()} and {@link DurableQueue#poll()}. */
    public static final String DEFAULT_DEFAULT_CONSUMER = "default";

    private final DurableChannelOptions channel;
    private String defaultConsumer;

    private DurableQueueOptions(final DurableChannelOptions channel, final String defaultConsumer) {
        this.channel = channel;
        this.defaultConsumer = defaultConsumer;
    }

    /**
     * The defaults, overridden by the system properties that are set.
     *
     * @return new options
     * @throws IllegalArgumentException when a system property holds an invalid value
     */
    public static DurableQueueOptions defaults() {
        return new DurableQueueOptions(DurableChannelOptions.defaults(), DEFAULT_DEFAULT_CONSUMER)
            .defaultConsumer(System.getProperty(DEFAULT_CONSUMER_PROPERTY, DEFAULT_DEFAULT_CONSUMER));
    }

    /**
     * Sets how often the log starts a new file; see {@link DurableChannelOptions#rollPeriod(RollPeriod)}.
     *
     * @param rollPeriod the period
     * @return these options
     * @throws IllegalArgumentException when null
     */
    public DurableQueueOptions rollPeriod(final RollPeriod rollPeriod) {
        channel.rollPeriod(rollPeriod);
        return this;
    }

    /**
     * Sets what happens to consumed files; see {@link DurableChannelOptions#retention(Retention)}.
     *
     * @param retention the policy
     * @return these options
     * @throws IllegalArgumentException when null
     */
    public DurableQueueOptions retention(final Retention retention) {
        channel.retention(retention);
        return this;
    }

    /**
     * Sets the largest encoded message in bytes; see {@link DurableChannelOptions#maxMessageLength(int)}.
     *
     * @param maxMessageLength 1 to {@link DurableChannelOptions#MAX_MAX_MESSAGE_LENGTH}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public DurableQueueOptions maxMessageLength(final int maxMessageLength) {
        channel.maxMessageLength(maxMessageLength);
        return this;
    }

    /**
     * Sets whether appends store a per-message checksum that readers verify; see
     * {@link DurableChannelOptions#checksum(boolean)}.
     *
     * @param checksum {@code true} to store and check a CRC32C per message
     * @return these options
     */
    public DurableQueueOptions checksum(final boolean checksum) {
        channel.checksum(checksum);
        return this;
    }

    /**
     * Sets the name of the consumer (in {@link AckMode#AUTO}) used by the queue's own {@code take}/{@code poll}.
     *
     * @param name a valid consumer name
     * @return these options
     * @throws IllegalArgumentException when the name is invalid
     */
    public DurableQueueOptions defaultConsumer(final String name) {
        this.defaultConsumer = io.shmproc.memory.Names.validate(name);
        return this;
    }

    /**
     * The name of the queue's own consumer.
     *
     * @return the name
     */
    public String defaultConsumer() {
        return defaultConsumer;
    }

    /**
     * The log's options.
     *
     * @return a copy
     */
    public DurableChannelOptions channelOptions() {
        return channel.copy();
    }

    /**
     * A copy of these options.
     *
     * @return new options with the same values
     */
    public DurableQueueOptions copy() {
        return new DurableQueueOptions(channel.copy(), defaultConsumer);
    }

    @Override
    public String toString() {
        return "DurableQueueOptions[" + channel + ", defaultConsumer=" + defaultConsumer + "]";
    }
}
