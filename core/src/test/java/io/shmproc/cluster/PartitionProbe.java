package io.shmproc.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client JVM for {@link ClusterPartitionTest}, run inside the partitioned member's network namespace: connects
 * with the given egress host, reads a counter once and prints {@code value N}, or {@code failed <exception>}.
 *
 * <p>Arguments: endpoints, egress host, key, counter name, timeout in milliseconds (connect and request).
 */
final class PartitionProbe {
    private PartitionProbe() {
    }

    public static void main(final String[] args) {
        final Duration timeout = Duration.ofMillis(Long.parseLong(args[4]));
        try (ClusterClient client = ClusterClient.connect(new ClusterClientOptions().members(args[0])
            .egressHost(args[1]).key(args[2].getBytes(StandardCharsets.UTF_8)).connectTimeout(timeout)
            .requestTimeout(timeout))) {
            System.out.println("value " + client.wordGet(args[3], 0));
        } catch (final RuntimeException e) {
            System.out.println("failed " + e.getClass().getSimpleName());
        }
        System.out.flush();
        System.exit(0);
    }
}
