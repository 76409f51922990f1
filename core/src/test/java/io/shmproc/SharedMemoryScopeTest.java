package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.memory.SharedMemory;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLongArray;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedMemoryScopeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldGenerateUniqueNamesThatAnotherProcessAttachesTo() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedMemory a = mp.sharedMemory(4096);
            final SharedMemory b = mp.sharedMemory(64);
            assertNotEquals(a.name(), b.name());
            try (ChildJvm child = ChildJvm.start(Child.class, mp.directory().toString(), a.name())) {
                assertEquals(0, child.waitFor(WAIT));
            }
            assertEquals(42, a.buffer().getLongVolatile(0));
            assertEquals(a.name(), mp.attachSharedMemory(a.name()).name());
        }
    }

    @Test
    void shouldUnlinkEverythingCreatedThroughTheScopeWhenItCloses() {
        try (Shmproc mp = Shmproc.open()) {
            final Path block;
            final Path list;
            final Path longs;
            try (SharedMemoryScope smm = mp.sharedMemoryScope()) {
                final SharedMemory memory = smm.sharedMemory(128);
                final SharedList<Object> sl = smm.shareableList(Arrays.asList(1, "two", null, 3.0));
                final SharedLongArray numbers = smm.longArray(4);
                block = memory.file();
                list = sl.directory();
                longs = mp.directory().resolve(findLongs(mp));
                numbers.set(0, 7);
                assertEquals(Arrays.asList(1, "two", null, 3.0), sl);
                try (ChildJvm child = ChildJvm.start(Child.class, mp.directory().toString(), memory.name())) {
                    assertEquals(0, child.waitFor(WAIT));
                }
                assertEquals(42, memory.buffer().getLongVolatile(0));
                assertTrue(Files.exists(block) && Files.exists(list) && Files.exists(longs));
            }
            assertFalse(Files.exists(block), "block left after the scope closed");
            assertFalse(Files.exists(list), "list left after the scope closed");
            assertFalse(Files.exists(longs), "array left after the scope closed");
            final SharedMemoryScope closed = mp.sharedMemoryScope();
            closed.close();
            closed.close();
            assertThrows(ClosedException.class, () -> closed.sharedMemory(64));
        }
    }

    private static String findLongs(final Shmproc mp) {
        try (java.util.stream.Stream<Path> files = Files.list(mp.directory())) {
            final List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("longs-"))
                .collect(java.util.stream.Collectors.toList());
            assertEquals(1, names.size(), "expected one generated array name: " + names);
            return names.get(0);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Child: attaches to a block by the generated name and writes 42. */
    static final class Child {
        public static void main(final String[] args) {
            try (Shmproc mp = Shmproc.attach(Path.of(args[0]));
                 SharedMemory block = mp.attachSharedMemory(args[1])) {
                block.buffer().putLongRelease(0, 42);
            }
        }
    }
}
