package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three members in child JVMs: the leader is SIGKILLed under load, and no answered operation is lost or doubled. */
@Tag("long")
class ClusterFailoverTest {
    private static final int THREADS = 2;
    private static final int OPS_PER_THREAD = 600;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldApplyEveryAnsweredIncrementExactlyOnceAcrossALeaderKill() throws Exception {
        try (LocalCluster cluster = TestClusters.start(3);
             ClusterClient client = ClusterClient.connect(cluster.clientOptions()
                 .requestTimeout(Duration.ofSeconds(10)))) {
            final int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            final List<Long> returned = Collections.synchronizedList(new ArrayList<>());
            final AtomicInteger unknown = new AtomicInteger();
            final AtomicInteger done = new AtomicInteger();
            final java.util.concurrent.atomic.AtomicLong lastAnswer = new java.util.concurrent.atomic.AtomicLong();
            final java.util.concurrent.atomic.AtomicLong longestGap = new java.util.concurrent.atomic.AtomicLong();
            final CountDownLatch finished = new CountDownLatch(THREADS);
            final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < THREADS; t++) {
                final Thread thread = new Thread(() -> {
                    try {
                        for (int i = 0; i < OPS_PER_THREAD; i++) {
                            try {
                                returned.add(client.wordGetAndAdd("counter", 0, 1));
                                final long now = System.nanoTime();
                                final long previous = lastAnswer.getAndSet(now);
                                if (previous != 0) {
                                    longestGap.accumulateAndGet(now - previous, Math::max);
                                }
                            } catch (final ShmprocTimeoutException ex) {
                                unknown.incrementAndGet();
                            }
                            done.incrementAndGet();
                        }
                    } catch (final Throwable ex) {
                        failures.add(ex);
                    } finally {
                        finished.countDown();
                    }
                });
                thread.setDaemon(true);
                thread.start();
            }
            while (done.get() < THREADS * OPS_PER_THREAD / 4) {
                Thread.sleep(5);
            }
            final long killedAt = System.nanoTime();
            cluster.kill(leader);
            assertTrue(finished.await(150, TimeUnit.SECONDS), "the writers finished");
            System.out.println("leader " + leader + " killed; writers done "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms later; "
                + returned.size() + " answered, " + unknown.get() + " timed out; longest pause between answers "
                + TimeUnit.NANOSECONDS.toMillis(longestGap.get()) + " ms");
            assertEquals(List.of(), failures);
            final long total = client.wordGet("counter", 0);
            final List<Long> sorted = new ArrayList<>(returned);
            Collections.sort(sorted);
            for (int i = 1; i < sorted.size(); i++) {
                assertTrue(sorted.get(i) > sorted.get(i - 1), "value " + sorted.get(i) + " returned twice");
            }
            assertTrue(total >= returned.size() && total <= returned.size() + unknown.get(),
                "counter " + total + " vs " + returned.size() + " answered and " + unknown.get() + " unknown");
            assertEquals(0, unknown.get(), "no call should time out across one fail-over");
            assertEquals(THREADS * OPS_PER_THREAD, total);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldKeepTheStateWhenEveryMemberRestarts() {
        try (LocalCluster cluster = TestClusters.start(3)) {
            try (ClusterClient client = cluster.connect()) {
                for (int i = 0; i < 100; i++) {
                    client.wordGetAndAdd("restarted", 0, 1);
                }
                client.listAdd("names", -1, "kept".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                cluster.snapshot(cluster.awaitLeader(Duration.ofSeconds(10)));
                for (int i = 0; i < 50; i++) {
                    client.wordGetAndAdd("restarted", 0, 1);
                }
            }
            for (int i = 0; i < 3; i++) {
                cluster.stop(i);
            }
            final long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                cluster.startMember(i);
            }
            for (int i = 0; i < 3; i++) {
                cluster.awaitReady(i, Duration.ofSeconds(60));
            }
            cluster.awaitLeader(Duration.ofSeconds(60));
            try (ClusterClient client = cluster.connect()) {
                assertEquals(150, client.wordGet("restarted", 0));
                System.out.println("three members restarted: first correct read "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after starting the JVMs");
                assertEquals("kept", new String(client.listGet("names", 0), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
