package io.shmproc.benchmarks.report;

import io.shmproc.memory.SharedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scratch directories a harness leaves behind when it is stopped at its time limit (it cannot run its own
 * {@code finally}): the entries named {@code shmproc-bench-*} or {@code durable-bench-*} in the shared-memory
 * base and the temp directory that appeared while the harness ran. A report run removes them afterwards, so a
 * killed harness does not fill {@code /dev/shm}. Entries that existed before the harness started are never
 * touched.
 */
final class BenchLeftovers {
    private static final List<String> PREFIXES = List.of("shmproc-bench-", "durable-bench-");

    private final Set<Path> before;

    private BenchLeftovers(final Set<Path> before) {
        this.before = before;
    }

    /**
     * Notes the scratch entries that exist now.
     *
     * @return the snapshot
     */
    static BenchLeftovers snapshot() {
        return new BenchLeftovers(scan());
    }

    /**
     * Deletes the scratch entries that appeared since the snapshot.
     *
     * @return how many were removed
     */
    int sweep() {
        int removed = 0;
        for (final Path entry : scan()) {
            if (!before.contains(entry)) {
                SharedDirectory.deleteTree(entry);
                removed++;
            }
        }
        return removed;
    }

    private static Set<Path> scan() {
        final Set<Path> found = new HashSet<>();
        for (final Path base : List.of(SharedDirectory.defaultBase(), Path.of(System.getProperty("java.io.tmpdir")))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(base)) {
                entries.filter(BenchLeftovers::isScratch).forEach(found::add);
            } catch (final IOException e) {
                // unreadable base: nothing of ours can be found there
            }
        }
        return found;
    }

    private static boolean isScratch(final Path entry) {
        final String name = entry.getFileName().toString();
        return PREFIXES.stream().anyMatch(name::startsWith);
    }
}
