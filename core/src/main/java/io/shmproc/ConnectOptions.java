package io.shmproc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of {@link Shmproc#connect(String, ConnectOptions)}: the shared key and the timeouts of a context
 * that reaches its objects over the network, like the {@code authkey} of Python's {@code BaseManager}.
 *
 * <p>A small mutable builder: {@code ConnectOptions.withKey("secret").requestTimeout(Duration.ofSeconds(2))}.
 */
public final class ConnectOptions {
    /** Default time to wait for the service's answer to one operation, beyond the operation's own timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Default time to wait for a first connection, including the election of a leader. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final byte[] key;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private ConnectOptions(final byte[] key) {
        this.key = key;
    }

    /**
     * Options with the shared key every member and client of the cluster holds.
     *
     * @param key the key, at least 1 byte; a client with another key is refused
     * @return new options
     * @throws IllegalArgumentException when the key is empty
     */
    public static ConnectOptions withKey(final byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("the shared key is empty: pass the key the members were started with");
        }
        return new ConnectOptions(key.clone());
    }

    /**
     * Options with the shared key, as UTF-8.
     *
     * @param key the key
     * @return new options
     */
    public static ConnectOptions withKey(final String key) {
        return withKey(Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How long to wait for the answer to one operation beyond the operation's own timeout (the time an answer
     * needs when a leader is being elected); past it the operation throws
     * {@link io.shmproc.exceptions.ShmprocTimeoutException}.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public ConnectOptions requestTimeout(final Duration timeout) {
        this.requestTimeout = positive(timeout, "requestTimeout");
        return this;
    }

    /**
     * How long {@code connect} waits for the cluster.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public ConnectOptions connectTimeout(final Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /**
     * The shared key.
     *
     * @return a copy of it
     */
    public byte[] key() {
        return key.clone();
    }

    /**
     * The request timeout.
     *
     * @return it
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The connect timeout.
     *
     * @return it
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    private static Duration positive(final Duration timeout, final String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + timeout);
        }
        return timeout;
    }

    @Override
    public String toString() {
        return "ConnectOptions{key=<" + key.length + " bytes>, requestTimeout=" + requestTimeout
            + ", connectTimeout=" + connectTimeout + "}";
    }
}
