package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.queue.SharedQueue;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Four JVMs move queue traffic while a fifth opens and closes contexts: nothing is lost or duplicated, and the
 * churning JVM's descriptors and mappings stay flat.
 */
@CrossProcessTest
class ContextSoakTest {
    private static final int PER_PRODUCER = 20_000;
    private static final int CHURNED_CONTEXTS = 50;
    private static final int SLACK = 2;

    @Test
    void shouldLoseNothingAndLeakNothingWhileContextsChurn() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<Long> q = mp.queue("soak");
            final String dir = mp.directory().toString();
            try (ChildJvm churner = ChildJvm.start(SoakChild.class, "churn", Integer.toString(CHURNED_CONTEXTS));
                 ChildJvm c1 = ChildJvm.start(SoakChild.class, "consume", dir);
                 ChildJvm c2 = ChildJvm.start(SoakChild.class, "consume", dir);
                 ChildJvm p1 = ChildJvm.start(SoakChild.class, "produce", dir, "1", Integer.toString(PER_PRODUCER));
                 ChildJvm p2 = ChildJvm.start(SoakChild.class, "produce", dir, "2",
                     Integer.toString(PER_PRODUCER))) {
                assertEquals(0, p1.waitFor(Duration.ofSeconds(90)));
                assertEquals(0, p2.waitFor(Duration.ofSeconds(90)));
                q.put(-1L);
                q.put(-1L);
                long count = 0;
                long sum = 0;
                for (final ChildJvm consumer : List.of(c1, c2)) {
                    assertEquals(0, consumer.waitFor(Duration.ofSeconds(60)));
                    final String[] line = consumer.awaitLine(l -> l.startsWith("consumed "), Duration.ofSeconds(5))
                        .split(" ");
                    count += Long.parseLong(line[1]);
                    sum += Long.parseLong(line[2]);
                }
                final long perProducerSum = (long) PER_PRODUCER * (PER_PRODUCER - 1) / 2;
                assertEquals(2L * PER_PRODUCER, count, "items taken");
                assertEquals(1_000_000_000L * PER_PRODUCER + perProducerSum
                    + 2_000_000_000L * PER_PRODUCER + perProducerSum, sum, "every item exactly once");
                assertEquals(0, churner.waitFor(Duration.ofSeconds(120)));
                final String[] churn = churner.awaitLine(l -> l.startsWith("churned "), Duration.ofSeconds(5))
                    .split(" ");
                assertTrue(Integer.parseInt(churn[1]) > 0, "the churner opened contexts");
                final long fds = Long.parseLong(churn[3]);
                final long fdsAfter = Long.parseLong(churn[4]);
                final long maps = Long.parseLong(churn[6]);
                final long mapsAfter = Long.parseLong(churn[7]);
                assertTrue(Math.abs(fdsAfter - fds) <= SLACK, "churner's fds went from " + fds + " to " + fdsAfter
                    + " over " + churn[1] + " contexts");
                assertTrue(Math.abs(mapsAfter - maps) <= SLACK, "churner's mappings of shared files went from " + maps + " to "
                    + mapsAfter + " over " + churn[1] + " contexts (no GC asked for)");
            }
        }
    }
}
