package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member cut off by a network partition: members 0 and 1 in this host's namespace, member 2 in a network
 * namespace of its own joined by a veth pair, and the link taken down. The majority keeps serving, a client that
 * can reach only the cut-off member gets a timeout instead of a stale answer, and once the link is back that
 * client reads what the majority wrote meanwhile. Needs root (to make the namespace); skipped otherwise.
 */
@CrossProcessTest
@Tag("long")
class ClusterPartitionTest {
    /** How long a client that reaches the cluster may take to connect and answer (a fresh JVM and driver). */
    private static final Duration REACHABLE = Duration.ofSeconds(20);
    /** How long the cut-off client waits before it must give up. */
    private static final Duration CUT_OFF = Duration.ofSeconds(5);

    @Test
    @Timeout(240)
    void shouldKeepTheMajorityServingAndTheMinorityRefusing() throws Exception {
        assumeTrue(NetworkNamespace.usable(), "skipped: making a network namespace and a veth pair needs root");
        try (NetworkNamespace ns = NetworkNamespace.create();
             LocalCluster cluster = TestClusters.startAcross(ns)) {
            final String counter = "partitioned";
            try (ClusterClient client = ClusterClient.connect(cluster.clientOptions().egressHost(ns.hostAddress()))) {
                for (int i = 0; i < 10; i++) {
                    client.wordGetAndAdd(counter, 0, 1);
                }
                assertEquals("value 10", probe(ns, cluster, counter, REACHABLE), "the namespace's client before the cut");

                ns.linkDown();
                final long cut = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    client.wordGetAndAdd(counter, 0, 1); // waits out an election if member 2 was leader
                }
                System.out.println("the majority served 10 writes within "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut) + " ms of the cut");
                assertEquals(20, client.wordGet(counter, 0));
                final String minority = probe(ns, cluster, counter, CUT_OFF);
                assertTrue(minority.startsWith("failed "), "the cut-off member answered: " + minority);

                ns.linkUp();
                final long healed = System.nanoTime();
                String after = probe(ns, cluster, counter, REACHABLE);
                while (!after.equals("value 20") && System.nanoTime() - healed < TimeUnit.SECONDS.toNanos(60)) {
                    Thread.sleep(500);
                    after = probe(ns, cluster, counter, REACHABLE);
                }
                assertEquals("value 20", after, "the namespace's client after the link came back");
                System.out.println("the cut-off side served the majority's writes "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed) + " ms after the link came back");
            }
        }
    }

    private static String probe(final NetworkNamespace ns, final LocalCluster cluster, final String counter,
                                final Duration timeout) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(ns.exec());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), PartitionProbe.class.getName(), cluster.endpoints(),
            ns.namespaceAddress(), cluster.key(), counter,
            Long.toString(timeout.toMillis())));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        for (final String line : out.split("\n")) {
            if (line.startsWith("value ") || line.startsWith("failed ")) {
                return line.trim();
            }
        }
        return "no answer: " + out;
    }
}
