package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocPoolTest {
    @Test
    void shouldStartAPoolInTheContextDirectoryAndTerminateItOnClose() throws Exception {
        final ProcessPool pool;
        try (Shmproc mp = Shmproc.open()) {
            pool = mp.pool(PoolOptions.defaults().processes(2));
            assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)));
            try (Stream<java.nio.file.Path> files = Files.list(mp.directory())) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("pool-")));
            }
        }
        assertTrue(pool.isTerminated());
        assertTrue(pool.workerPids().isEmpty());
    }
}
