package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.ShmprocOptions;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedLong;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a context (or a region) unmaps its files at once: on a 64 MiB tmpfs, as Docker gives {@code /dev/shm}
 * by default, contexts opened, used and closed in sequence never run out of space, the file system's usage is
 * back to its start after each close, and no mapping of the tmpfs is left in {@code /proc/self/maps}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnmapOnCloseTest {
    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "needs root to mount a 64 MiB tmpfs; skipped");
        mount = Files.createTempDirectory("shmproc-tmpfs-");
        final Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs",
            mount.toString()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        Assumptions.assumeTrue(process.waitFor() == 0, "cannot mount a tmpfs here (" + output.strip() + ")");
    }

    @AfterEach
    void unmountTmpfs() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    private long used() throws IOException {
        final var store = Files.getFileStore(mount);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    private java.util.List<String> mappingsOfMount() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(mount.toString()))
            .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void shouldFreeTheTmpfsAfterEachOfAHundredContexts() throws Exception {
        final long start = used();
        for (int i = 0; i < 100; i++) {
            try (Shmproc mp = Shmproc.open(ShmprocOptions.defaults().baseDirectory(mount))) {
                final SharedQueue<String> queue = mp.queue("jobs");
                queue.put("job " + i);
                assertEquals("job " + i, queue.take());
                mp.sharedLong("counter", 0).incrementAndGet();
            }
            assertEquals(java.util.List.of(), mappingsOfMount(), "mappings left after closing context " + i);
            assertEquals(start, used(), "tmpfs usage after closing context " + i + " (df)");
            assertEquals(java.util.List.of(), mappingsOfMount(), "mappings left after closing context " + i);
        }
    }

    @Test
    void shouldGiveClosedExceptionToAThreadRacingTheClose() throws Exception {
        for (int round = 0; round < 20; round++) {
            final Shmproc mp = Shmproc.open(ShmprocOptions.defaults().baseDirectory(mount));
            final SharedLong counter = mp.sharedLong("counter", 0);
            final SharedQueue<Integer> queue = mp.queue("q");
            final AtomicReference<Throwable> ended = new AtomicReference<>();
            final Thread user = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        counter.incrementAndGet();
                        queue.offer(i);
                        queue.poll();
                    }
                } catch (final Throwable e) {
                    ended.set(e);
                }
            });
            user.start();
            Thread.sleep(5 + round);
            mp.close();
            user.join(10_000);
            assertTrue(ended.get() instanceof ClosedException, "round " + round + ": the racing thread ended with "
                + ended.get());
        }
        assertEquals(java.util.List.of(), mappingsOfMount());
    }
}
