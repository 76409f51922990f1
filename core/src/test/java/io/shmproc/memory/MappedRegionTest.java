package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class MappedRegionTest {
    private static final int VERSION = 3;
    private SharedDirectory dir;
    private Path file;

    @BeforeEach
    void setUp() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        file = dir.resolve("region");
    }

    @AfterEach
    void tearDown() {
        dir.delete();
    }

    private MappedRegion create() {
        return MappedRegion.create(file, RegionKind.TEST, VERSION, 4096, payload -> payload.putLong(0, 42));
    }

    @Test
    void shouldShareThePayloadBetweenCreatorAndAttacher() {
        try (MappedRegion created = create(); MappedRegion attached = MappedRegion.attach(file, RegionKind.TEST,
            VERSION)) {
            assertEquals(42, attached.payload().getLongVolatile(0));
            created.payload().putLongRelease(8, 7);
            assertEquals(7, attached.payload().getLongVolatile(8));
            assertEquals(ProcessIdentity.current(), attached.header().creator());
            assertTrue(created.isCreator());
            assertFalse(attached.isCreator());
        }
    }

    @Test
    void shouldCreateFilesWithOwnerOnlyPermissionsAndNoLeftoverTempFile() throws Exception {
        try (MappedRegion region = create()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            try (var entries = Files.list(dir.path())) {
                assertEquals(0, entries.filter(p -> p.getFileName().toString().contains(".creating-")).count());
            }
            assertEquals(RegionHeaderLayout.LENGTH + 4096, Files.size(file));
        }
    }

    @Test
    void shouldRefuseToCreateOverAnExistingFile() {
        try (MappedRegion region = create()) {
            final RegionException e = assertThrows(RegionException.class, this::create);
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertEquals(42, region.payload().getLong(0), "the existing region is untouched");
        }
    }

    @Test
    void shouldRefuseToCreateThroughASymlink() throws Exception {
        final Path target = dir.path().resolve("target");
        Files.createSymbolicLink(file, target);
        assertThrows(RegionException.class, this::create);
        assertFalse(Files.exists(target), "nothing was written through the link");
    }

    @Test
    void shouldRejectAMissingFileNamingIt() {
        final MissingRegionException e = assertThrows(MissingRegionException.class,
            () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void shouldRejectAFileShorterThanTheHeader() throws Exception {
        Files.write(file, new byte[10]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final CorruptRegionException e = assertThrows(CorruptRegionException.class,
            () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
        assertTrue(e.getMessage().contains("shorter than"), e.getMessage());
    }

    @Test
    void shouldRejectATruncatedFile() throws Exception {
        create().close();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(RegionHeaderLayout.LENGTH + 100);
        }
        final CorruptRegionException e = assertThrows(CorruptRegionException.class,
            () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shouldRejectAFileOfAnotherKind() {
        try (MappedRegion region = create()) {
            final IncompatibleRegionException e = assertThrows(IncompatibleRegionException.class,
                () -> MappedRegion.attach(file, RegionKind.DICT, VERSION));
            assertTrue(e.getMessage().contains("TEST") && e.getMessage().contains("DICT"), e.getMessage());
        }
    }

    @Test
    void shouldRejectAFileOfAnotherLayoutVersion() {
        try (MappedRegion region = create()) {
            final IncompatibleRegionException e = assertThrows(IncompatibleRegionException.class,
                () -> MappedRegion.attach(file, RegionKind.TEST, VERSION + 1));
            assertTrue(e.getMessage().contains("layout version " + VERSION), e.getMessage());
        }
    }

    @Test
    void shouldRejectGarbageBytes() throws Exception {
        final byte[] garbage = new byte[8192];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final CorruptRegionException e = assertThrows(CorruptRegionException.class,
            () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
        assertTrue(e.getMessage().contains("not a shmproc file"), e.getMessage());
    }

    @Test
    void shouldRejectAFileWhoseCreatorNeverMarkedItReady() throws Exception {
        create().close();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8), RegionHeaderLayout.READY_OFFSET);
        }
        final CorruptRegionException e = assertThrows(CorruptRegionException.class,
            () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
        assertTrue(e.getMessage().contains("never marked ready"), e.getMessage());
    }

    @Test
    void shouldRejectASymlinkOnAttach() throws Exception {
        try (MappedRegion region = create()) {
            final Path link = dir.path().resolve("link");
            Files.createSymbolicLink(link, file);
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> MappedRegion.attach(link, RegionKind.TEST, VERSION));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
    }

    @Test
    void shouldRejectUseOfAClosedHandle() {
        final MappedRegion region = create();
        region.close();
        assertThrows(ClosedException.class, region::payload);
    }

    @Test
    void shouldUnlinkOnce() {
        try (MappedRegion region = create()) {
            assertTrue(region.unlink());
            assertFalse(region.unlink());
            assertFalse(Files.exists(file));
            assertEquals(42, region.payload().getLong(0), "the mapping outlives the name");
        }
    }

    @Test
    void shouldRejectPayloadLengthsOutOfRange() {
        assertThrows(IllegalArgumentException.class,
            () -> MappedRegion.create(file, RegionKind.TEST, 1, 0, PayloadInitializer.ZEROED));
        assertThrows(IllegalArgumentException.class, () -> MappedRegion.create(file, RegionKind.TEST, 1,
            MappedRegion.MAX_PAYLOAD_LENGTH + 1, PayloadInitializer.ZEROED));
        assertFalse(Files.exists(file));
    }

    /**
     * A child maps the region, the parent truncates the file: a new attacher gets an exception naming the
     * file, and the child, asked to check its mapping, reports the truncation instead of crashing.
     */
    @Test
    void shouldReportAFileTruncatedAfterAnotherProcessMappedIt() throws Exception {
        try (ChildJvm child = ChildJvm.start(RegionHolder.class, file.toString())) {
            child.awaitLine("MAPPED"::equals, Duration.ofSeconds(30));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(RegionHeaderLayout.LENGTH);
            }
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> MappedRegion.attach(file, RegionKind.TEST, VERSION));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
            final OutputStream stdin = child.process().getOutputStream();
            stdin.write("check\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            final String verdict = child.awaitLine(line -> line.startsWith("CHECK "), Duration.ofSeconds(30));
            assertTrue(verdict.contains("CorruptRegionException") && verdict.contains("truncated"), verdict);
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
        }
    }

    /** Child: creates and maps the region, then checks it when asked on stdin. */
    static final class RegionHolder {
        public static void main(final String[] args) throws Exception {
            final Path file = Path.of(args[0]);
            try (MappedRegion region = MappedRegion.create(file, RegionKind.TEST, VERSION, 1 << 20,
                PayloadInitializer.ZEROED)) {
                final AtomicBuffer payload = region.payload();
                payload.putLongVolatile(0, 1);
                System.out.println("MAPPED");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
                try {
                    region.checkIntact();
                    System.out.println("CHECK intact");
                } catch (final CorruptRegionException e) {
                    System.out.println("CHECK " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
