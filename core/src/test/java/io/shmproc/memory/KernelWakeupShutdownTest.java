package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A thread whose first sleep in the kernel comes while its JVM shuts down (a shutdown hook, or a background
 * thread still waiting at exit) waits as any other, and leaves no socket file behind.
 */
@CrossProcessTest
class KernelWakeupShutdownTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void shouldWaitInAShutdownHookAndLeaveNoSocket() throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            final Path file = dir.path().resolve("q");
            SharedQueue.create(file, QueueOptions.defaults()).close();
            try (ChildJvm child = ChildJvm.start(ShutdownSleeperChild.class, file.toString())) {
                assertEquals(0, child.waitFor(LONG));
                final String outcome = child.lines().stream().filter(l -> l.startsWith("polled ")
                    || l.startsWith("failed ")).findFirst().orElse("(no outcome)");
                assertEquals("polled null", outcome, "the hook's timed poll of an empty queue");
            }
            try (Stream<Path> files = Files.list(dir.path())) {
                final List<String> sockets = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(KernelWakeup.SOCKET_PREFIX)).collect(Collectors.toList());
                assertTrue(sockets.isEmpty(), "socket files left: " + sockets);
            }
        } finally {
            dir.delete();
        }
    }
}
