package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
    @TempDir
    Path temp;

    @BeforeEach
    void useTemporaryCache() {
        System.setProperty(ClassDataSharing.DIRECTORY_PROPERTY, temp.resolve("cds").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ClassDataSharing.DIRECTORY_PROPERTY);
        System.clearProperty(ClassDataSharing.ENABLED_PROPERTY);
    }

    @Test
    void shouldNameAnArchiveForAClassPathOfJarsInThePrivateCache() throws Exception {
        final Path a = Files.writeString(temp.resolve("a.jar"), "a");
        final Path b = Files.writeString(temp.resolve("b.jar"), "b");
        final Path archive = ClassDataSharing.decide(a + File.pathSeparator + b);
        assertEquals(temp.resolve("cds"), archive.getParent());
        assertTrue(archive.getFileName().toString().matches("child-[0-9a-f]{24}\\.jsa"), archive.toString());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(archive.getParent())));
        assertEquals(archive, ClassDataSharing.decide(a + File.pathSeparator + b), "stable for the same jars");
    }

    @Test
    void shouldNameANewArchiveWhenAJarIsRebuilt() throws Exception {
        final Path a = Files.writeString(temp.resolve("a.jar"), "a");
        final Path before = ClassDataSharing.decide(a.toString());
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 60_000));
        assertNotEquals(before, ClassDataSharing.decide(a.toString()));
    }

    @Test
    void shouldNotShareWithDirectoriesMissingEntriesOrWhenSwitchedOff() throws Exception {
        final Path a = Files.writeString(temp.resolve("a.jar"), "a");
        assertNull(ClassDataSharing.decide(a + File.pathSeparator + temp));
        assertNull(ClassDataSharing.decide(temp.resolve("missing.jar").toString()));
        System.setProperty(ClassDataSharing.ENABLED_PROPERTY, "false");
        assertNull(ClassDataSharing.decide(a.toString()));
    }
}
