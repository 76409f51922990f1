package io.shmproc.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchLeftoversTest {
    @Test
    void shouldRemoveOnlyTheScratchDirectoriesThatAppearedAfterTheSnapshot() throws Exception {
        final Path base = SharedDirectory.defaultBase();
        final Path older = Files.createTempDirectory(base, "shmproc-bench-test-older-");
        try {
            final BenchLeftovers leftovers = BenchLeftovers.snapshot();
            final Path left = Files.createTempDirectory(base, "shmproc-bench-test-left-");
            Files.writeString(left.resolve("ring"), "bytes");
            final Path unrelated = Files.createTempDirectory(base, "not-ours-");
            try {
                assertEquals(1, leftovers.sweep());
                assertFalse(Files.exists(left), "a scratch directory left by the harness is removed");
                assertTrue(Files.exists(older), "one that existed before the harness started is kept");
                assertTrue(Files.exists(unrelated), "other names are never touched");
            } finally {
                SharedDirectory.deleteTree(unrelated);
            }
        } finally {
            SharedDirectory.deleteTree(older);
        }
    }
}
