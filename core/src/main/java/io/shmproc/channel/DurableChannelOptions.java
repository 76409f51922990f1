package io.shmproc.channel;

import java.io.Serializable;

/**
 * Options of a {@link DurableChannel}, with fluent setters. Each option has a default constant and a system
 * property (read by {@link #defaults()}) side by side.
 *
 * <p>Instances are mutable and not thread-safe; a channel copies the values it needs when it opens.
 */
public final class DurableChannelOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** System property for {@link #rollPeriod(RollPeriod)}. */
    public static final String ROLL_PERIOD_PROPERTY = "shmproc.durable.rollPeriod";
    /** Default roll period: one file per hour. */
    public static final RollPeriod DEFAULT_ROLL_PERIOD = RollPeriod.HOURLY;

    /** System property for {@link #retention(Retention)}. */
    public static final String RETENTION_PROPERTY = "shmproc.durable.retention";
    /** Default retention: delete cycles every named consumer has acknowledged past. */
    public static final Retention DEFAULT_RETENTION = Retention.DELETE_CONSUMED;

    /** System property for {@link #maxMessageLength(int)}. */
    public static final String MAX_MESSAGE_LENGTH_PROPERTY = "shmproc.durable.maxMessageLength";
    /** Default largest message: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 1 << 20;
    /** The largest value {@link #maxMessageLength(int)} accepts: 64 MiB. */
    public static final int MAX_MAX_MESSAGE_LENGTH = 64 << 20;

    /** System property for {@link #checksum(boolean)}. */
    public static final String CHECKSUM_PROPERTY = "shmproc.durable.checksum";
    /** Default: no per-message checksum (damage is still detected by position and header checks). */
    public static final boolean DEFAULT_CHECKSUM = false;

    private RollPeriod rollPeriod;
    private Retention retention;
    private int maxMessageLength;
    private boolean checksum;

    private DurableChannelOptions() {
    }

    /**
     * The defaults, overridden by any of the system properties that are set.
     *
     * @return new options
     * @throws IllegalArgumentException when a system property holds an invalid value (named in the message)
     */
    public static DurableChannelOptions defaults() {
        final DurableChannelOptions options = new DurableChannelOptions();
        options.rollPeriod(enumProperty(ROLL_PERIOD_PROPERTY, RollPeriod.class, DEFAULT_ROLL_PERIOD));
        options.retention(enumProperty(RETENTION_PROPERTY, Retention.class, DEFAULT_RETENTION));
        options.maxMessageLength(intProperty(MAX_MESSAGE_LENGTH_PROPERTY, DEFAULT_MAX_MESSAGE_LENGTH));
        options.checksum(booleanProperty(CHECKSUM_PROPERTY, DEFAULT_CHECKSUM));
        return options;
    }

    /**
     * Sets how often the channel starts a new file; every process must use the same period for one directory
     * (the period is stored in the directory by the first process, and later processes adopt it).
     *
     * @param rollPeriod the period
     * @return these options
     * @throws IllegalArgumentException when {@code rollPeriod} is null
     */
    public DurableChannelOptions rollPeriod(final RollPeriod rollPeriod) {
        if (rollPeriod == null) {
            throw new IllegalArgumentException("rollPeriod is null; expected one of " + java.util.Arrays.toString(
                RollPeriod.values()));
        }
        this.rollPeriod = rollPeriod;
        return this;
    }

    /**
     * Sets what happens to consumed cycles.
     *
     * @param retention the retention policy
     * @return these options
     * @throws IllegalArgumentException when {@code retention} is null
     */
    public DurableChannelOptions retention(final Retention retention) {
        if (retention == null) {
            throw new IllegalArgumentException("retention is null; expected one of " + java.util.Arrays.toString(
                Retention.values()));
        }
        this.retention = retention;
        return this;
    }

    /**
     * Sets the largest message, in bytes, that {@link DurableChannel#append} accepts.
     *
     * @param maxMessageLength 1 to {@link #MAX_MAX_MESSAGE_LENGTH}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public DurableChannelOptions maxMessageLength(final int maxMessageLength) {
        if (maxMessageLength < 1 || maxMessageLength > MAX_MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength
                + " is out of range; expected 1 to " + MAX_MAX_MESSAGE_LENGTH);
        }
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    /**
     * Sets whether this process's appends store a CRC32C of each payload, which every reader verifies (a changed
     * byte then raises {@link io.shmproc.exceptions.CorruptRegionException} instead of being delivered). Each
     * message records whether it has one, so processes may differ in this option. Costs a CRC32C over the payload
     * on append and on read (see {@code docs/benchmarks/durable.md}).
     *
     * @param checksum {@code true} to store and check a checksum per message
     * @return these options
     */
    public DurableChannelOptions checksum(final boolean checksum) {
        this.checksum = checksum;
        return this;
    }

    /**
     * Whether appends store a per-message checksum.
     *
     * @return {@code true} when they do
     */
    public boolean checksum() {
        return checksum;
    }

    /**
     * The roll period.
     *
     * @return the period
     */
    public RollPeriod rollPeriod() {
        return rollPeriod;
    }

    /**
     * The retention policy.
     *
     * @return the policy
     */
    public Retention retention() {
        return retention;
    }

    /**
     * The largest message in bytes.
     *
     * @return the limit
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * A copy of these options.
     *
     * @return new options with the same values
     */
    public DurableChannelOptions copy() {
        return new DurableChannelOptions().rollPeriod(rollPeriod).retention(retention)
            .maxMessageLength(maxMessageLength).checksum(checksum);
    }

    @Override
    public String toString() {
        return "DurableChannelOptions[rollPeriod=" + rollPeriod + ", retention=" + retention + ", maxMessageLength="
            + maxMessageLength + ", checksum=" + checksum + "]";
    }

    private static <E extends Enum<E>> E enumProperty(final String property, final Class<E> type, final E fallback) {
        final String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + property + "='" + value + "' is not valid; expected"
                + " one of " + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static boolean booleanProperty(final String property, final boolean fallback) {
        final String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        final String trimmed = value.trim();
        if (!trimmed.equals("true") && !trimmed.equals("false")) {
            throw new IllegalArgumentException("system property " + property + "='" + value + "' is not valid;"
                + " expected true or false");
        }
        return Boolean.parseBoolean(trimmed);
    }

    private static int intProperty(final String property, final int fallback) {
        final String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + "='" + value + "' is not an integer",
                e);
        }
    }
}
