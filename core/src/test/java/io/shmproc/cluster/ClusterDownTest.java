package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When the whole cluster dies, waiting and new calls fail with a timeout instead of hanging. */
@Tag("long")
class ClusterDownTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFailWaitingAndNewCallsWhenTheClusterDies() throws Exception {
        final Path driverDir = Path.of("/dev/shm", "shmproc-client-" + ProcessHandle.current().pid() + "-down");
        try (LocalCluster cluster = TestClusters.start(1)) {
            final ClusterClient client = ClusterClient.connect(cluster.clientOptions().driverDir(driverDir)
                .requestTimeout(Duration.ofSeconds(2)));
            try {
                final CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(
                    () -> client.queuePoll("never", -1));
                Thread.sleep(200);
                cluster.kill(0);
                final long start = System.nanoTime();
                final ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> waiting.get(60, TimeUnit.SECONDS));
                assertInstanceOf(ShmprocTimeoutException.class, failed.getCause());
                System.out.println("a wait without limit failed "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after the cluster died: "
                    + failed.getCause().getMessage());
                final long call = System.nanoTime();
                assertThrows(ShmprocTimeoutException.class, () -> client.wordGet("w", 0));
                assertTrue(System.nanoTime() - call < TimeUnit.SECONDS.toNanos(5), "a new call fails fast");
            } finally {
                client.close();
            }
            assertFalse(Files.exists(driverDir), "the client's driver directory is gone after close");
        }
    }
}
