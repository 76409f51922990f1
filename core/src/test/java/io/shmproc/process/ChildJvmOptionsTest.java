package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.Shmproc;
import io.shmproc.queue.DurableQueue;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every child gets the JVM options of every primitive, durable queues (Chronicle Queue) included. */
@CrossProcessTest
class ChildJvmOptionsTest {
    @TempDir
    Path logs;

    @Test
    void shouldLetAChildAppendToADurableQueueWithoutAnyFlagFromTheUser() throws Exception {
        final Path log = Files.createDirectory(logs.resolve("log"));
        try (Shmproc mp = Shmproc.open(); DurableQueue<Object> queue = mp.durableQueue(log)) {
            final String dir = log.toString();
            final ShmProcess child = mp.process(() -> {
                try (DurableQueue<Object> inChild = DurableQueue.open(Path.of(dir), io.shmproc.codec.Codecs.object(),
                    io.shmproc.queue.DurableQueueOptions.defaults())) {
                    inChild.put("from the child");
                }
            }).start();
            child.join(Duration.ofSeconds(60));
            assertEquals(0, child.exitCode().orElse(-999), "child " + child);
            assertEquals("from the child", queue.poll(10, TimeUnit.SECONDS));
        }
    }
}
