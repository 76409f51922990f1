package io.shmproc.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.ShmprocBackend;
import io.shmproc.exceptions.MissingDependencyException;
import java.net.URI;
import java.util.Objects;

/**
 * The {@code aeron-cluster://host:port,host:port,...} backend of {@link Shmproc#connect}: each {@code host:port}
 * is one member's client endpoint, in member-id order (the address a member was started with in its
 * {@code --members} list).
 *
 * <p>Found by {@link java.util.ServiceLoader}; it loads without Aeron on the class path, and {@link #connect}
 * names the Maven artifacts to add when Aeron is missing.
 */
public final class AeronClusterBackend implements ShmprocBackend {
    /** The scheme this backend answers. */
    public static final String SCHEME = "aeron-cluster";

    /** The Aeron artifacts a cluster client needs, for the message when they are missing. */
    static final String ARTIFACTS = "io.aeron:aeron-client, io.aeron:aeron-driver, io.aeron:aeron-archive and "
        + "io.aeron:aeron-cluster 1.51.0 (not aeron-all, which bundles a second Agrona)";

    /** Creates the backend; {@link java.util.ServiceLoader} calls this. */
    public AeronClusterBackend() {
        // nothing to set up before connect
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Shmproc connect(final URI address, final ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        final String members = address.getRawAuthority();
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("'" + address + "' names no member: write "
                + SCHEME + "://host:port[,host:port...], one client endpoint per member in member-id order");
        }
        try {
            Class.forName("io.aeron.cluster.client.AeronCluster", false, AeronClusterBackend.class.getClassLoader());
        } catch (final ClassNotFoundException e) {
            throw new MissingDependencyException("connecting to " + address + " needs Aeron on the class path: add "
                + ARTIFACTS + " to your dependencies", e);
        }
        return ClusterConnector.connect(address.toString(), members, options);
    }
}
