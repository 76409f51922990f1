package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.Sleepers;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A queue's {@code take()} and a joinable queue's {@code join()}, blocked in another process and asleep in the
 * kernel with a wake-up period set long on purpose, end promptly on {@code put} and on the last
 * {@code taskDone()}.
 */
@CrossProcessTest
class QueueKernelWakeupTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final long PERIOD_MILLIS = 8_000;
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    private ChildJvm child(final String mode, final LocalJoinableQueue<Object> queue) {
        return ChildJvm.start(List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + PERIOD_MILLIS),
            SleepingQueueChild.class, mode, queue.channel.file().toString());
    }

    private static void awaitSleeper(final Sleepers sleepers) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (sleepers.count() == 0) {
            assertTrue(System.nanoTime() < deadline, "the child never slept in the kernel");
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    private static void assertWokePromptly(final ChildJvm child, final long at) {
        final String line = child.awaitLine(l -> l.startsWith("woke "), LONG);
        final long millis = (Long.parseLong(line.substring("woke ".length())) - at) / 1_000_000;
        assertTrue(millis < PERIOD_MILLIS / 2, "the wait ended " + millis + " ms after its event: not woken");
        assertEquals(0, child.waitFor(LONG));
    }

    @Test
    void shouldWakeABlockedTakeOnPut() throws Exception {
        try (LocalJoinableQueue<Object> queue = (LocalJoinableQueue<Object>) JoinableQueue.<Object>create(dir.resolve("q"), QueueOptions.defaults());
             ChildJvm child = child("take", queue)) {
            child.awaitLine("waiting"::equals, LONG);
            awaitSleeper(queue.channel.dataSleepers());
            final long at = System.nanoTime();
            queue.put("item");
            assertWokePromptly(child, at);
        }
    }

    @Test
    void shouldWakeABlockedJoinOnTheLastTaskDone() throws Exception {
        try (LocalJoinableQueue<Object> queue = (LocalJoinableQueue<Object>) JoinableQueue.<Object>create(dir.resolve("q"), QueueOptions.defaults())) {
            queue.put("task");
            queue.take();
            try (ChildJvm child = child("join", queue)) {
                child.awaitLine("waiting"::equals, LONG);
                awaitSleeper(queue.joiners());
                final long at = System.nanoTime();
                queue.taskDone();
                assertWokePromptly(child, at);
            }
        }
    }
}
