package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.queue.JoinableQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@link JoinableQueue} contract, run against every backend. */
abstract class JoinableQueueContract extends ContractBase {
    @Test
    void shouldJoinWhenEveryTakenItemIsDone() throws Exception {
        final String name = name("joinable");
        final JoinableQueue<String> q = mp().joinableQueue(name);
        final JoinableQueue<String> worker = other().joinableQueue(name);
        q.put("a");
        q.put("b");
        assertEquals(2, q.unfinishedTasks());
        assertFalse(q.join(Duration.ofMillis(100)));
        final Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < 2; i++) {
                    worker.take();
                    Thread.sleep(50);
                    worker.taskDone();
                }
            } catch (final InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        assertTrue(q.join(Duration.ofSeconds(10)), "join never returned");
        t.join();
        assertEquals(0, q.unfinishedTasks());
        assertThrows(IllegalStateException.class, q::taskDone, "more taskDone than items taken");
    }
}
