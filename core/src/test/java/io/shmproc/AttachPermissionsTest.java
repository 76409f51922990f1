package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.InsecureRegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.CrossProcessTest;
import io.shmproc.testkit.SecondUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class AttachPermissionsTest {

    @Test
    void shouldRefuseAContextDirectoryOpenToGroupOrOthers() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            for (final String mode : new String[] {"rwxrwxrwx", "rwxr-xr-x", "rwx---rwx", "rwx--x---"}) {
                Files.setPosixFilePermissions(mp.directory(), PosixFilePermissions.fromString(mode));
                try {
                    final InsecureRegionException e = assertThrows(InsecureRegionException.class,
                        () -> Shmproc.attach(mp.directory()), mode);
                    assertTrue(e.getMessage().contains("chmod 700 " + mp.directory()), e.getMessage());
                } finally {
                    Files.setPosixFilePermissions(mp.directory(), PosixFilePermissions.fromString("rwx------"));
                }
            }
            Shmproc.attach(mp.directory()).close();
        }
    }

    @Test
    void shouldRefuseASharedFileOpenToGroupOrOthers() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            mp.sharedLong("v", 7);
            final Path file = findFile(mp.directory(), "v");
            for (final String mode : new String[] {"rw-rw-rw-", "rw-r--r--", "rw----r--"}) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
                try (Shmproc attached = Shmproc.attach(mp.directory())) {
                    final InsecureRegionException e = assertThrows(InsecureRegionException.class,
                        () -> attached.sharedLong("v", 0), mode);
                    assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
                } finally {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    @Test
    void shouldRefuseADirectoryOrFileOwnedByAnotherUser() throws Exception {
        try (SecondUser other = SecondUser.create(); Shmproc mp = Shmproc.open()) {
            final Path dir = mp.directory();
            final var me = Files.getOwner(dir);
            Files.setOwner(dir, other.principal());
            try {
                final InsecureRegionException e = assertThrows(InsecureRegionException.class,
                    () -> Shmproc.attach(dir));
                assertTrue(e.getMessage().contains("is owned by " + other.name()), e.getMessage());
            } finally {
                Files.setOwner(dir, me);
            }
            try (MappedRegion region = MappedRegion.create(dir.resolve("r"), RegionKind.RAW, 1, 64,
                payload -> { })) {
                Files.setOwner(region.file(), other.principal());
                final InsecureRegionException e = assertThrows(InsecureRegionException.class,
                    () -> MappedRegion.attach(region.file(), RegionKind.RAW, 1));
                assertTrue(e.getMessage().contains("is owned by " + other.name()), e.getMessage());
            }
        }
    }

    private static Path findFile(final Path dir, final String prefix) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + prefix + "* in " + dir));
        }
    }
}
