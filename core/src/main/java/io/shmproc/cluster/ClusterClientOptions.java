package io.shmproc.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a {@link ClusterClient} reaches a cluster: the members' client endpoints, the shared key, the timeouts and
 * where its private media driver lives. Fluent setters; {@link #validate()} checks everything in one place.
 *
 * <pre>{@code
 * ClusterClientOptions options = new ClusterClientOptions()
 *     .members("h1:20110,h2:20110,h3:20110")
 *     .key(key)
 *     .requestTimeout(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ClusterClientOptions {
    /** Default time to find the leader and open a session. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time an answer may take beyond the operation's own wait. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Default host on which the client receives answers (set the client host's address across hosts). */
    public static final String DEFAULT_EGRESS_HOST = "localhost";

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private String members;
    private byte[] key;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private String egressHost = DEFAULT_EGRESS_HOST;
    private Path driverDir;

    /**
     * The members' client endpoints, as the members were started with.
     *
     * @param members {@code host:port,host:port,...}, member 0 first
     * @return these options
     */
    public ClusterClientOptions members(final String members) {
        this.members = members;
        return this;
    }

    /**
     * The shared key the members were given.
     *
     * @param key the key's bytes
     * @return these options
     */
    public ClusterClientOptions key(final byte[] key) {
        this.key = key == null ? null : key.clone();
        return this;
    }

    /**
     * How long {@link ClusterClient#connect} may take before it throws
     * {@link io.shmproc.exceptions.ShmprocTimeoutException}.
     *
     * @param connectTimeout positive
     * @return these options
     */
    public ClusterClientOptions connectTimeout(final Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /**
     * How long an answer may take beyond the operation's own wait before the call throws
     * {@link io.shmproc.exceptions.ShmprocTimeoutException} (no leader, cluster down).
     *
     * @param requestTimeout positive
     * @return these options
     */
    public ClusterClientOptions requestTimeout(final Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    /**
     * The host (of this machine) on which answers arrive; the members send to it.
     *
     * @param egressHost a host name or address the members can reach
     * @return these options
     */
    public ClusterClientOptions egressHost(final String egressHost) {
        this.egressHost = egressHost;
        return this;
    }

    /**
     * The client's media driver directory (default {@code /dev/shm/shmproc-client-<pid>-<n>}), deleted at close.
     *
     * @param driverDir the directory
     * @return these options
     */
    public ClusterClientOptions driverDir(final Path driverDir) {
        this.driverDir = driverDir;
        return this;
    }

    String members() {
        return members;
    }

    byte[] key() {
        return key.clone();
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    String egressHost() {
        return egressHost;
    }

    Path driverDir() {
        return driverDir != null ? driverDir : Path.of("/dev/shm",
            "shmproc-client-" + ProcessHandle.current().pid() + "-" + CLIENTS.incrementAndGet());
    }

    /**
     * Checks the options together.
     *
     * @return these options
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public ClusterClientOptions validate() {
        MemberEndpoints.parse(members);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("no key; give the members' shared key with key(bytes)");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout=" + connectTimeout + "; expected a positive duration");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout=" + requestTimeout + "; expected a positive duration");
        }
        if (egressHost == null || egressHost.isBlank()) {
            throw new IllegalArgumentException("egressHost is empty; give this host's address the members can reach");
        }
        return this;
    }
}
