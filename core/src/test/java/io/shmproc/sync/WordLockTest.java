package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class WordLockTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldTakeOverWordOfKilledHolderAndReportOwnerDied() throws Exception {
        final Path file = dir.resolve("table");
        try (MappedRegion region = MappedRegion.create(file, RegionKind.TEST, 1, 128, PayloadInitializer.ZEROED);
             ChildJvm holder = ChildJvm.start(SyncChild.class, "holdword", file.toString())) {
            final WordLock lock = WordLock.of(region.payload(), 64, dir.path(), SyncOptions.defaults());
            holder.awaitLine("locked"::equals, Duration.ofSeconds(60));
            assertTrue(lock.isLocked());
            assertFalse(lock.tryLock(50, TimeUnit.MILLISECONDS));
            holder.kill();
            assertTrue(lock.tryLock(1, TimeUnit.SECONDS), "the dead holder's word was not taken over");
            assertTrue(lock.previousOwnerDied());
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void shouldRejectMisalignedWordReentryAndForeignUnlock() throws Exception {
        try (MappedRegion region = MappedRegion.create(dir.resolve("t"), RegionKind.TEST, 1, 64,
            PayloadInitializer.ZEROED)) {
            assertThrows(IllegalArgumentException.class,
                () -> WordLock.of(region.payload(), 4, dir.path(), SyncOptions.defaults()));
            assertThrows(IllegalArgumentException.class,
                () -> WordLock.of(region.payload(), 64, dir.path(), SyncOptions.defaults()));
            final WordLock lock = WordLock.of(region.payload(), 8, dir.path(), SyncOptions.defaults());
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            lock.lock();
            assertThrows(IllegalStateException.class, lock::lock);
            assertFalse(lock.previousOwnerDied());
            assertThrows(UnsupportedOperationException.class, lock::newCondition);
            final long[] counter = new long[1];
            final Thread other = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            });
            other.start();
            for (int i = 0; i < 10_000; i++) {
                counter[0]++;
                lock.unlock();
                lock.lock();
            }
            lock.unlock();
            other.join();
            lock.lock();
            assertEquals(20_000, counter[0]);
            lock.unlock();
        }
    }
}
