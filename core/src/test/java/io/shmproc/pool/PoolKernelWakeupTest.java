package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cold pool's dispatcher and worker sleep in the kernel with a wake-up period set long on purpose, and one
 * {@code apply} still ends promptly: the submit wakes the dispatcher, the task wakes the worker in its JVM, the
 * result wakes the dispatcher. With {@code shmproc.wakeup.kernel=false} nobody publishes itself or opens a socket.
 */
@CrossProcessTest
class PoolKernelWakeupTest {
    private static final Duration LONG = Duration.ofSeconds(90);
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

    private ChildJvm parent(final boolean kernel) {
        return ChildJvm.start(List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + PERIOD_MILLIS,
            "-D" + KernelWakeup.ENABLED_PROPERTY + "=" + kernel, "-Dshmproc.dir=" + dir.path()), PoolWakeupMain.class);
    }

    private static long[] numbers(final ChildJvm child, final String prefix) {
        final String[] words = child.awaitLine(l -> l.startsWith(prefix + " "), LONG).split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
    }

    @Test
    void shouldWakeASleepingDispatcherAndWorkerPromptlyForOneTask() {
        try (ChildJvm child = parent(true)) {
            final long[] asleep = numbers(child, "asleep");
            assertEquals(1, asleep[0], "the cold dispatcher did not sleep in the kernel");
            assertEquals(1, asleep[1], "the cold worker did not sleep in the kernel");
            final long[] took = numbers(child, "took");
            assertEquals(42, took[1]);
            assertTrue(took[0] < PERIOD_MILLIS / 2, "apply took " + took[0] + " ms: a sleeper was not woken");
            assertTrue(Long.parseLong(child.awaitLine(l -> l.startsWith("sockets "), LONG).substring(8)) > 0);
            assertEquals(0, child.waitFor(LONG));
        }
    }

    @Test
    void shouldNeitherPublishNorOpenSocketsWhenKernelWakeupIsOff() {
        try (ChildJvm child = parent(false)) {
            final long[] asleep = numbers(child, "asleep");
            assertEquals(0, asleep[0]);
            assertEquals(0, asleep[1]);
            assertEquals(42, numbers(child, "took")[1]);
            assertEquals("sockets 0", child.awaitLine(l -> l.startsWith("sockets "), LONG));
            assertEquals(0, child.waitFor(LONG));
        }
    }
}
