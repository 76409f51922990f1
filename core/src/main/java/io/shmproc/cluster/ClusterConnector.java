package io.shmproc.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;

/**
 * Opens a cluster session and wraps it in a context; the first class of the backend that needs Aeron, reached
 * only once {@link AeronClusterBackend} has checked that Aeron is there.
 */
final class ClusterConnector {
    private ClusterConnector() {
    }

    static Shmproc connect(final String address, final String members, final ConnectOptions options) {
        final ClusterClient client = ClusterClient.connect(new ClusterClientOptions()
            .members(members)
            .key(options.key())
            .connectTimeout(options.connectTimeout())
            .requestTimeout(options.requestTimeout())
            .egressHost(egressHostFor(members)));
        return new ClusterShmproc(client, address, options.key());
    }

    /**
     * The address of this host that the members reach it at, where answers and pipe messages arrive: the local
     * address of the route to the first member (no packet is sent), {@code localhost} for a member on loopback or
     * when the route cannot be found.
     *
     * @param members {@code host:port,...}
     * @return the host to receive on
     */
    static String egressHostFor(final String members) {
        final String first = members.split(",")[0].trim();
        final int colon = first.lastIndexOf(':');
        try {
            final java.net.InetAddress member = java.net.InetAddress.getByName(first.substring(0, colon));
            if (member.isLoopbackAddress()) {
                return ClusterClientOptions.DEFAULT_EGRESS_HOST;
            }
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
                probe.connect(member, Integer.parseInt(first.substring(colon + 1)));
                final java.net.InetAddress local = probe.getLocalAddress();
                return local == null || local.isAnyLocalAddress() ? ClusterClientOptions.DEFAULT_EGRESS_HOST
                    : local.getHostAddress();
            }
        } catch (final java.io.IOException | RuntimeException e) {
            return ClusterClientOptions.DEFAULT_EGRESS_HOST;
        }
    }
}
