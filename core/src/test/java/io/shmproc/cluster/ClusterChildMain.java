package io.shmproc.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A child JVM for tests: connects to a cluster, does one thing, prints {@code done <answer>} and waits to be
 * killed (its session then times out, as a dead process's does).
 *
 * <p>Arguments: endpoints, key, action, object name. Actions: {@code lock} (takes a lock), {@code take} (takes an
 * item of a joinable queue and never marks it done), {@code barrier} (waits at a barrier; prints {@code waiting}
 * first, since the wait does not return).
 */
final class ClusterChildMain {
    private ClusterChildMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final ClusterClient client = ClusterClient.connect(new ClusterClientOptions().members(args[0])
            .key(args[1].getBytes(StandardCharsets.UTF_8)).connectTimeout(Duration.ofSeconds(15)));
        final String name = args[3];
        final long thread = Thread.currentThread().getId();
        final String answer;
        switch (args[2]) {
            case "lock":
                answer = Integer.toString(client.lockAcquire(name, false, thread, 5_000_000_000L));
                break;
            case "take":
                final byte[] item = client.queuePoll(name, 5_000_000_000L);
                answer = item == null ? "null" : new String(item, StandardCharsets.UTF_8);
                break;
            case "barrier":
                System.out.println("waiting");
                System.out.flush();
                answer = Integer.toString(client.barrierAwait(name, thread, -1));
                break;
            default:
                throw new IllegalArgumentException("unknown action " + args[2]);
        }
        System.out.println("done " + answer);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
