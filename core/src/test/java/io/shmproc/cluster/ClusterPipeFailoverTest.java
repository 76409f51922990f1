package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.process.ShmProcess;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pipe across hosts does not go through the cluster once its ends are connected: the leader of three killed in
 * the middle of a ping-pong stream loses no message, repeats none and does not pause the pipe for an election.
 */
@CrossProcessTest
@Tag("long")
class ClusterPipeFailoverTest {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldKeepAConnectedPipeFlowingWhileTheLeaderIsReplaced() throws Exception {
        try (LocalCluster cluster = TestClusters.start(3);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             Pipe<Object> pipe = mp.pipe()) {
            final Connection<Object> childEnd = pipe.second();
            final ShmProcess echo = mp.process(() -> {
                try (Connection<Object> c = childEnd) {
                    Object message;
                    while (!"stop".equals(message = c.recv())) {
                        c.send(message);
                    }
                }
            }).name("echo").start();
            final Connection<Object> end = pipe.first();
            long longest = 0;
            int killedAt = -1;
            for (int i = 0; i < 4_000; i++) {
                if (i == 1_000) {
                    final int leader = cluster.awaitLeader(Duration.ofSeconds(10));
                    cluster.kill(leader);
                    killedAt = i;
                    System.out.println("killed the leader, member " + leader + ", before message " + i);
                }
                final long start = System.nanoTime();
                end.send(i);
                assertEquals(i, end.recv(30, TimeUnit.SECONDS), "every message once, in order");
                if (killedAt >= 0) {
                    longest = Math.max(longest, System.nanoTime() - start);
                }
            }
            final long longestMillis = TimeUnit.NANOSECONDS.toMillis(longest);
            System.out.println("longest round trip after the leader's SIGKILL: " + longestMillis + " ms");
            assertTrue(longestMillis < 1_000, "the pipe paused " + longestMillis + " ms: it waited for the election");
            end.send("stop");
            assertTrue(echo.join(60, TimeUnit.SECONDS));
            assertEquals(0, echo.exitCode().getAsInt());
        }
    }
}
