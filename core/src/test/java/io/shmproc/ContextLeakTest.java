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
        final long files = fileMappings();
        final long shared = sharedFileMappings();
        final int threads = Thread.getAllStackTraces().size();
        for (int i = 0; i < contexts; i++) {
            useOneContext(i);
        }
        final long fdsAfter = openDescriptors();
        final long filesAfter = fileMappings();
        final long sharedAfter = sharedFileMappings();
        final int threadsAfter = Thread.getAllStackTraces().size();
        assertTrue(Math.abs(fdsAfter - fds) <= SLACK, "open descriptors went from " + fds + " to " + fdsAfter
            + " over " + contexts + " closed contexts");
        assertTrue(Math.abs(sharedAfter - shared) <= SLACK, "mappings of shared files went from " + shared + " to "
            + sharedAfter + " over " + contexts + " closed contexts (no GC was asked for)");
        // Every mapping of a file counts, not only shmproc's own: a leaked buffer of any file shows here. Anonymous
        // mappings are left out because the JVM itself adds them as it runs (code heap, malloc arenas, GC); the
        // one anonymous mapping a context could leak is a thread's stack, and threads are counted instead.
        assertTrue(Math.abs(filesAfter - files) <= SLACK, "mappings of files went from " + files + " to "
            + filesAfter + " over " + contexts + " closed contexts (no GC was asked for)");
        assertTrue(threadsAfter - threads <= SLACK, "live threads went from " + threads + " to " + threadsAfter
            + " over " + contexts + " closed contexts");
    }

    /** A dict and a list that grew through several generations leave none of them mapped after close. */
    @Test
    void shouldUnmapSupersededGenerationsWhenTheContextCloses() throws Exception {
        useOneContext(-1);
        final long shared = sharedFileMappings();
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<Integer, Integer> dict = mp.dict("grown");
            final SharedList<Integer> list = mp.list("grown-list");
            for (int i = 0; i < 20_000; i++) {
                dict.put(i, i);
                list.add(i);
            }
            assertEquals(20_000, dict.size());
            assertEquals(19_999, list.get(19_999));
        }
        final long sharedAfter = sharedFileMappings();
        assertTrue(Math.abs(sharedAfter - shared) <= SLACK, "mappings of shared files went from " + shared + " to "
            + sharedAfter + " after closing a context whose dict and list grew (no GC was asked for)");
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

    /** The mappings backed by a file (a path in the sixth column of {@code /proc/self/maps}), deleted or not. */
    static long fileMappings() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.indexOf(" /") > 0).count();
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
