package io.shmproc.cluster;

import java.util.List;

/** {@link LocalCluster}s for tests: the members' output echoed to standard output, one line per member line. */
public final class TestClusters {
    private TestClusters() {
    }

    /**
     * Starts {@code count} members on 127.0.0.1 and waits until one is leader.
     *
     * @param count 1 or 3
     * @return the running cluster
     */
    public static LocalCluster start(final int count) {
        return LocalCluster.start(new LocalCluster.Options().members(count).output(System.out::println));
    }

    /**
     * Starts three members, member 2 inside {@code namespace} and the others on its host side, and waits until one
     * is leader.
     *
     * @param namespace the network namespace of member 2
     * @return the running cluster
     */
    static LocalCluster startAcross(final NetworkNamespace namespace) {
        return LocalCluster.start(new LocalCluster.Options().members(3).output(System.out::println)
            .hosts(List.of(namespace.hostAddress(), namespace.hostAddress(), namespace.namespaceAddress()))
            .commandPrefixes(List.of(List.of(), List.of(), namespace.exec())));
    }
}
