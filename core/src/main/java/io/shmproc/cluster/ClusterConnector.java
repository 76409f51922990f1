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
            .requestTimeout(options.requestTimeout()));
        return new ClusterShmproc(client, address, options.key());
    }
}
