package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A primitive's file whose waiter or attach table capacity was scribbled on: attaching raises
 * {@link CorruptRegionException} naming the file and the field instead of walking past the tables.
 */
@CrossProcessTest
@Timeout(60)
class SyncCorruptionTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldRefuseAWaiterCapacityBeyondTheFile() {
        assertAttachRefused(SyncLayout.WAITER_CAPACITY_OFFSET, SyncLayout.MAX_WAITERS, "waiter");
    }

    @Test
    void shouldRefuseANegativeWaiterCapacity() {
        assertAttachRefused(SyncLayout.WAITER_CAPACITY_OFFSET, -1, "waiter");
    }

    @Test
    void shouldRefuseAnAttachCapacityOtherThanTheLayouts() {
        assertAttachRefused(SyncLayout.ATTACH_CAPACITY_OFFSET, 1 << 20, "attach");
    }

    private void assertAttachRefused(final int offset, final int value, final String field) {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults())) {
            try (MappedRegion scribbler = MappedRegion.attach(file, RegionKind.SYNC, SyncLayout.VERSION)) {
                scribbler.payload().putIntVolatile(offset, value);
            }
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> Lock.attach(file, SyncOptions.defaults()).close());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(field)
                && e.getMessage().contains(String.valueOf(value)), e.getMessage());
        }
    }
}
