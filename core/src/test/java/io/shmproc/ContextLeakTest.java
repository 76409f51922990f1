package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import io.shmproc.sync.Lock;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A service that opens a context per job must be able to do so for months: closing a context releases every
 * descriptor and mapping it opened, without waiting for a garbage collection.
 */
@CrossProcessTest
class ContextLeakTest {
    private static final int CONTEXTS = 1_000;
    private static final int QUICK_CONTEXTS = 150;
    private static final int WARM_UP = 20;
    private static final int SLACK = 2;
    /** At most one mapping per this many contexts may come from the JVM's own growth. */
    private static final int JVM_GROWTH_PER_CONTEXT = 25;
    private static final int SMALL = 64 << 10;

    @Test
    void shouldReleaseEveryDescriptorAndMappingWhenContextsClose() throws Exception {
        assertNoGrowthOver(QUICK_CONTEXTS);
    }

    /** The figure; about 3 minutes on a loaded 2-core machine, so in the long suite ({@code -Plong}). */
    @Test
    @Tag("long")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldReleaseEveryDescriptorAndMappingOverAThousandContexts() throws Exception {
        assertNoGrowthOver(CONTEXTS);
    }

    private static void assertNoGrowthOver(final int contexts) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            useOneContext(i);
        }
        final long fds = openDescriptors();
        final long maps = mappings();
        final long shared = sharedFileMappings();
        for (int i = 0; i < contexts; i++) {
            useOneContext(i);
        }
        final long fdsAfter = openDescriptors();
        final long mapsAfter = mappings();
        final long sharedAfter = sharedFileMappings();
        assertTrue(Math.abs(fdsAfter - fds) <= SLACK, "open descriptors went from " + fds + " to " + fdsAfter
            + " over " + contexts + " closed contexts");
        assertTrue(Math.abs(sharedAfter - shared) <= SLACK, "mappings of shared files went from " + shared + " to "
            + sharedAfter + " over " + contexts + " closed contexts (no GC was asked for)");
        // The JVM itself adds a few mappings as it runs (code heap, malloc arenas, thread stacks): a handful over
        // the run is the JVM's, one or more per context would be ours.
        assertTrue(mapsAfter - maps <= SLACK + contexts / JVM_GROWTH_PER_CONTEXT, "mappings went from " + maps
            + " to " + mapsAfter + " over " + contexts + " closed contexts (no GC was asked for)");
    }

    static void useOneContext(final int i) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<String> queue = mp.queue("q", QueueOptions.defaults().capacityBytes(SMALL));
            queue.put("job-" + i);
            assertEquals("job-" + i, queue.take());
            final Lock lock = mp.lock("l");
            lock.lock();
            lock.unlock();
            mp.sharedLong("v", 0).incrementAndGet();
            final SharedDict<String, Integer> dict = mp.dict("d");
            dict.put("k", i);
            assertEquals(i, dict.get("k"));
            final SharedList<String> list = mp.list("a");
            list.add("x");
            assertEquals("x", list.get(0));
            final Pipe<Object> pipe = mp.pipe(PipeOptions.duplex().capacity(SMALL));
            pipe.first().send("ping");
            assertEquals("ping", pipe.second().recv());
        }
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static long mappings() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.count();
        }
    }

    /** The mappings of shmproc's shared files (context directories, deleted or not). */
    static long sharedFileMappings() throws IOException {
        final String prefix = SharedDirectory.userPrefix();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(prefix)).count();
        }
    }
}
