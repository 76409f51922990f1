package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
import io.shmproc.testkit.CrossProcessTest;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocQueueTest {

    @Test
    void shouldGiveTheSameNamedQueueToAnAttachedContext() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<String> q = mp.queue("jobs", QueueOptions.defaults().maxItems(5));
            try (Shmproc other = Shmproc.attach(mp.directory())) {
                final SharedQueue<String> same = other.queue("jobs");
                same.put("from the other context");
                assertEquals(5, same.remainingCapacity() + 1, "bounds come from the file");
            }
            assertEquals("from the other context", q.take());
        }
    }

    @Test
    void shouldCreateDistinctAnonymousQueuesOfEachKind() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<Integer> a = mp.queue();
            final SharedQueue<Integer> b = mp.queue();
            final SimpleQueue<Integer> s = mp.simpleQueue();
            final JoinableQueue<Integer> j = mp.joinableQueue();
            assertNotEquals(a.file(), b.file());
            a.put(1);
            s.put(2);
            j.put(3);
            assertTrue(b.isEmpty());
            assertEquals(1, a.take());
            assertEquals(2, s.take());
            assertEquals(3, j.take());
            j.taskDone();
            assertTrue(j.join(java.time.Duration.ofSeconds(1)));
        }
    }

    @Test
    void shouldCloseQueuesWhenTheContextCloses() {
        final SharedQueue<String> q;
        try (Shmproc mp = Shmproc.open()) {
            q = mp.queue("closing");
        }
        assertTrue(q.isClosed());
        assertThrows(ClosedException.class, () -> q.put("late"));
    }
}
