package io.shmproc.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A child JVM for tests: connects to a cluster, takes a lock, prints {@code locked} and then waits to be killed
 * (its session then times out, as a dead process's does).
 *
 * <p>Arguments: endpoints, key, lock name.
 */
final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final ClusterClient client = ClusterClient.connect(new ClusterClientOptions().members(args[0])
            .key(args[1].getBytes(StandardCharsets.UTF_8)).connectTimeout(Duration.ofSeconds(15)));
        final int answer = client.lockAcquire(args[2], false, Thread.currentThread().getId(), 5_000_000_000L);
        System.out.println(answer == ClusterOps.LOCK_ACQUIRED ? "locked" : "not locked: " + answer);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
