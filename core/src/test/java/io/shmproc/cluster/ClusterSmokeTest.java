package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ClusterSmokeTest {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldCountAcrossOneMember() {
        try (TestCluster cluster = TestCluster.start(1); ClusterClient client = cluster.connect()) {
            assertEquals(0, client.wordGetAndAdd("hits", 0, 1));
            assertEquals(1, client.wordGet("hits", 0));
        }
    }
}
