package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CorruptRegionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The size check of Java 17 to 20's early read-modify-writes ({@code Mapping#checkNotTruncated}): it reads the
 * length of the mapped file itself through a descriptor it opens at its first call, falls back to the path where
 * it cannot, and holds no descriptor where its region must not.
 */
class MappingSizeCheckTest {
    private static final int LENGTH = 8192;
    private SharedDirectory dir;
    private Path file;

    @BeforeEach
    void setUp() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        file = dir.resolve("mapped");
    }

    @AfterEach
    void tearDown() {
        dir.delete();
    }

    private static FileChannel open(final Path path) throws IOException {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(1), LENGTH - 1);
        return channel;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void shouldSeeATruncationOfTheMappedFileAfterItMoved() throws IOException {
        try (FileChannel channel = open(file)) {
            final Mapping mapping = Mapping.map(file, channel, LENGTH);
            try {
                mapping.checkNotTruncated();
                // the file a stat of the path would no longer find: the descriptor still reads the mapped one
                Files.move(file, dir.resolve("moved"));
                channel.truncate(LENGTH / 2);
                final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                    mapping::checkNotTruncated);
                assertTrue(e.getMessage().contains("is now " + LENGTH / 2 + " bytes"), e.getMessage());
            } finally {
                mapping.close();
            }
        }
    }

    @Test
    void shouldHoldOneDescriptorUntilClosedOrDetached() throws IOException {
        try (FileChannel channel = open(file)) {
            final long before = openDescriptors();
            final Mapping mapping = Mapping.map(file, channel, LENGTH);
            mapping.checkNotTruncated();
            assertEquals(before + 1, openDescriptors(), "the size probe's descriptor");
            mapping.close();
            assertEquals(before, openDescriptors(), "closed with the mapping");

            final Mapping detached = Mapping.map(file, channel, LENGTH);
            try {
                detached.checkNotTruncated();
                detached.withoutSizeProbe();
                assertEquals(before, openDescriptors(), "closed when its region gives its descriptor up");
                channel.truncate(LENGTH / 2);
                assertThrows(CorruptRegionException.class, detached::checkNotTruncated, "checked at the path");
                assertEquals(before, openDescriptors(), "and not opened again");
            } finally {
                detached.close();
            }
        }
    }

    @Test
    void shouldOpenTheProbeOnceTheCreatorLinkedTheFileIntoPlace() throws IOException {
        final Path temp = dir.resolve("mapped-creating");
        try (FileChannel channel = open(temp)) {
            final Mapping mapping = Mapping.map(file, channel, LENGTH);
            try {
                assertDoesNotThrow(mapping::checkNotTruncated, "not at its path yet: nothing to check");
                Files.createLink(file, temp);
                Files.delete(temp);
                mapping.linkedIntoPlace();
                mapping.checkNotTruncated();
                Files.move(file, dir.resolve("moved"));
                channel.truncate(LENGTH / 2);
                assertThrows(CorruptRegionException.class, mapping::checkNotTruncated,
                    "the probe opened after the link reads the mapped file wherever it is");
            } finally {
                mapping.close();
            }
        }
    }
}
