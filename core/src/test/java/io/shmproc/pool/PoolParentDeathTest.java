package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class PoolParentDeathTest {
    @Test
    void shouldTakeTheWorkersDownWhenTheParentIsKilled() throws Exception {
        final List<Long> workers = new ArrayList<>();
        final Path dir;
        try (ChildJvm parent = ChildJvm.start(PoolParentMain.class)) {
            final String line = parent.awaitLine(l -> l.startsWith("WORKERS "), Duration.ofSeconds(60));
            for (final String pid : line.substring("WORKERS ".length()).trim().split(" ")) {
                workers.add(Long.parseLong(pid));
            }
            dir = Path.of(parent.awaitLine(l -> l.startsWith("DIR "), Duration.ofSeconds(10)).substring(4));
            assertEquals(2, workers.size());
            parent.kill();
        }
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (final long pid : workers) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                assertTrue(System.nanoTime() < deadline, "worker " + pid + " outlived its SIGKILLed parent");
                Thread.sleep(20);
            }
        }
        SharedDirectory.deleteTree(dir);
    }
}
