package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The development cluster: it starts, survives a member's SIGKILL and restart, and leaves nothing behind. */
@CrossProcessTest
class LocalClusterTest {
    @Test
    void shouldRestartAKilledMemberOnItsStateAndLeaveNothingBehind() {
        final Path directory;
        final long firstPid;
        final long secondPid;
        try (LocalCluster cluster = TestClusters.start(1)) {
            directory = cluster.directory();
            assertTrue(Files.isDirectory(directory));
            assertTrue(cluster.address().startsWith("aeron-cluster://127.0.0.1:"), cluster.address());
            try (ClusterClient client = cluster.connect()) {
                client.wordGetAndAdd("kept", 0, 7);
            }
            firstPid = cluster.pid(0);
            cluster.kill(0);
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            cluster.restart(0);
            assertEquals(0, cluster.awaitLeader(Duration.ofSeconds(30)));
            secondPid = cluster.pid(0);
            try (ClusterClient client = cluster.connect()) {
                assertEquals(7, client.wordGet("kept", 0), "the restarted member replays its log");
            }
        }
        assertFalse(Files.exists(directory), "close() removes the cluster's directory");
        assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false), "close() stops members");
    }

    @Test
    void shouldRefuseInconsistentOptionsBeforeStartingAnything() {
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> LocalCluster.start(0));
        assertTrue(none.getMessage().contains("at least 1 member"), none.getMessage());
        final IllegalArgumentException hosts = assertThrows(IllegalArgumentException.class,
            () -> LocalCluster.start(new LocalCluster.Options().members(3).hosts(List.of("127.0.0.1"))));
        assertTrue(hosts.getMessage().contains("one host per member"), hosts.getMessage());
        final IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
            () -> LocalCluster.start(new LocalCluster.Options().members(1).commandPrefixes(List.of())
                .startTimeout(Duration.ZERO)));
        assertTrue(timeout.getMessage().contains("startTimeout"), timeout.getMessage());
    }
}
