package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocTest {

    @Test
    void shouldOwnAPrivateDirectoryAndRemoveItOnClose() throws Exception {
        final Path dir;
        try (LocalShmproc mp = (LocalShmproc) Shmproc.open()) {
            dir = mp.directory();
            assertTrue(mp.isOwner());
            assertTrue(Files.isDirectory(dir));
            MappedRegion.create(mp.sharedDirectory().resolve("r"), RegionKind.TEST, 1, 64, PayloadInitializer.ZEROED)
                .close();
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void shouldCloseRegisteredResourcesNewestFirstOnce() {
        final AtomicInteger order = new AtomicInteger();
        final int[] closedAt = new int[2];
        final LocalShmproc mp = (LocalShmproc) Shmproc.open();
        mp.register(() -> closedAt[0] = order.incrementAndGet());
        mp.register(() -> closedAt[1] = order.incrementAndGet());
        mp.close();
        mp.close();
        assertEquals(2, closedAt[0]);
        assertEquals(1, closedAt[1]);
        assertThrows(ClosedException.class, () -> mp.register(() -> { }));
    }

    @Test
    void shouldAttachWithoutOwning() {
        try (Shmproc owner = Shmproc.open()) {
            final Shmproc attached = Shmproc.attach(owner.directory());
            assertFalse(attached.isOwner());
            attached.close();
            assertTrue(Files.isDirectory(owner.directory()), "closing an attached context removes nothing");
        }
    }

    @Test
    void shouldHonourTheBaseDirectoryOption() throws Exception {
        final Path base = Files.createTempDirectory("shmproc-base-" + ProcessHandle.current().pid() + "-");
        try (Shmproc mp = Shmproc.open(ShmprocOptions.defaults().baseDirectory(base))) {
            assertEquals(base, mp.directory().getParent());
        } finally {
            Files.delete(base);
        }
    }
}
