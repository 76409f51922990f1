package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedDirectoryTest {

    @Test
    void shouldCreateAnOwnerOnlyDirectoryNamedForUserAndPid() throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path())));
            assertTrue(dir.path().getFileName().toString().startsWith(SharedDirectory.userPrefix()
                + ProcessHandle.current().pid() + "-"));
            assertTrue(dir.isOwnedByCurrentProcess());
            assertEquals(dir.owner(), SharedDirectory.attach(dir.path()).owner());
        } finally {
            dir.delete();
        }
        assertFalse(Files.exists(dir.path()));
    }

    @Test
    void shouldCreateTheLivenessTableWithTheDirectoryAndClaimNoSlotInIt() {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            // the processes that attach the context's objects (a pool's workers, say) then only claim a slot: a
            // cold child creating the table, or racing another to create it, spent about 20 ms of its start
            final Path table = dir.path().resolve(LivenessTable.FILE_NAME);
            assertTrue(Files.isRegularFile(table), "no " + table);
            assertFalse(LivenessTable.isOpenInThisJvm(dir.path()), "the creator claimed a slot");
            assertEquals(RegionKind.LIVENESS_TABLE, MappedRegion.readHeader(table).kind());
        } finally {
            dir.delete();
        }
    }

    @Test
    void shouldRejectInvalidNames() {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            for (final String bad : new String[] {"", "..", ".", "../etc", "a/b", ".hidden", "x".repeat(201),
                "tab\tname", "nul\0"}) {
                final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dir.resolve(bad), bad);
                assertTrue(e.getMessage().startsWith("name='"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> dir.resolve(null));
            assertEquals(dir.path().resolve("jobs-1.q"), dir.resolve("jobs-1.q"));
        } finally {
            dir.delete();
        }
    }

    @Test
    void shouldNotFollowSymlinksWhenDeleting() throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        final Path outside = Files.createTempFile("shmproc-outside-" + ProcessHandle.current().pid() + "-", ".txt");
        try {
            Files.createSymbolicLink(dir.path().resolve("link"), outside);
            dir.delete();
            assertTrue(Files.exists(outside), "the link's target survives");
            assertFalse(Files.exists(dir.path()));
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void shouldRejectAttachingToSomethingThatIsNotAContextDirectory() throws Exception {
        final Path plain = Files.createTempDirectory("shmproc-plain-" + ProcessHandle.current().pid() + "-");
        try {
            assertThrows(io.shmproc.exceptions.CorruptRegionException.class, () -> SharedDirectory.attach(plain));
            assertThrows(io.shmproc.exceptions.MissingRegionException.class,
                () -> SharedDirectory.attach(plain.resolve("missing")));
        } finally {
            Files.delete(plain);
        }
    }

    @Test
    void shouldReclaimTheDirectoryOfAnOwnerKilledWithSigkill() {
        final String line;
        try (ChildJvm child = ChildJvm.start(DirectoryOwner.class)) {
            line = child.awaitLine(l -> l.startsWith("DIR "), Duration.ofSeconds(30));
            final Path dir = Path.of(line.substring(4));
            assertTrue(Files.isDirectory(dir));
            assertTrue(SharedDirectory.reclaimStale(SharedDirectory.defaultBase()).stream()
                .noneMatch(dir::equals), "a live owner's directory is kept");
            child.kill();
            final List<Path> reclaimed = SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
            assertTrue(reclaimed.contains(dir), "reclaimed " + reclaimed);
            assertFalse(Files.exists(dir));
        }
    }

    /** Child: creates a context directory with a region in it, then waits to be killed. */
    static final class DirectoryOwner {
        public static void main(final String[] args) throws Exception {
            final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
            MappedRegion.create(dir.resolve("data"), RegionKind.TEST, 1, 4096, PayloadInitializer.ZEROED);
            System.out.println("DIR " + dir.path());
            Thread.sleep(120_000);
        }
    }
}
