package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.aeron.cluster.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member stopped and restarted on its directory recovers the state, from a snapshot and the log after it. */
@Tag("long")
class ClusterRestartTest {
    private static byte[] b(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRecoverStateFromSnapshotAndLogAfterRestart() throws Exception {
        try (LocalCluster cluster = TestClusters.start(1)) {
            try (ClusterClient client = cluster.connect()) {
                client.wordCreate("w", 2, 5);
                client.wordGetAndAdd("w", 1, 10);
                for (int i = 0; i < 300; i++) {
                    client.dictPut("d", b("k" + i), b("v" + i));
                }
                client.queueCreate("q", 0, true);
                client.queueOffer("q", b("first"), 0);
                client.listAdd("l", -1, b("x"));
                client.semaphoreCreate("s", 3, -1);
                client.barrierCreate("bar", 4);
                cluster.snapshot(0);
                Thread.sleep(500);
                client.wordGetAndAdd("w", 0, 1);
                client.dictPut("d", b("after"), b("snapshot"));
                client.queueOffer("q", b("second"), 0);
            }
            cluster.stop(0);
            try (RecordingLog log = new RecordingLog(cluster.directory().resolve("m0/cluster").toFile(), false)) {
                assertNotNull(log.getLatestSnapshot(0), "the service took a snapshot: " + log);
            }
            cluster.restart(0);
            cluster.awaitLeader(Duration.ofSeconds(30));
            try (ClusterClient client = cluster.connect()) {
                assertArrayEquals(new long[] {6, 15}, client.wordSnapshot("w"));
                assertEquals(301, client.dictSize("d"));
                assertEquals("snapshot", new String(client.dictGet("d", b("after")), StandardCharsets.UTF_8));
                final List<byte[][]> entries = client.dictEntries("d");
                assertEquals("k0", new String(entries.get(0)[0], StandardCharsets.UTF_8));
                assertEquals("after", new String(entries.get(300)[0], StandardCharsets.UTF_8));
                assertEquals(List.of("first", "second"), List.of(client.queuePoll("q", 0), client.queuePoll("q", 0))
                    .stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).collect(Collectors.toList()));
                assertEquals(2, client.queueUnfinished("q"));
                assertEquals(1, client.listSize("l"));
                assertEquals(3, client.semaphoreValue("s"));
                assertEquals(4, client.barrierCreate("bar", 2));
            }
        }
    }
}
