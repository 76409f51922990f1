package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class EventTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldWakeWaitersInSeveralProcesses() {
        final Path file = dir.resolve("e");
        try (Event event = Event.create(file, SyncOptions.defaults())) {
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(SyncChild.class, "event", file.toString()));
            }
            for (final ChildJvm child : children) {
                child.awaitLine("waiting"::equals, Duration.ofSeconds(60));
            }
            assertTrue(children.stream().allMatch(c -> c.process().isAlive()), "no waiter may pass a clear event");
            event.set();
            for (final ChildJvm child : children) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
                assertTrue(child.lines().contains("woken true"), child.lines().toString());
            }
        }
    }

    @Test
    void shouldTimeOutWhileClearAndPassWhileSet() throws Exception {
        try (Event event = Event.create(dir.resolve("e"), SyncOptions.defaults())) {
            assertFalse(event.isSet());
            final long start = System.nanoTime();
            assertFalse(event.await(100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
            event.set();
            assertTrue(event.isSet());
            assertTrue(event.await(Duration.ZERO));
            event.await();
            event.clear();
            assertFalse(event.await(0, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldBeSetThroughSerializedHandleInAnotherProcess() throws Exception {
        try (Event event = Event.create(dir.resolve("e"), SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(event))) {
            assertTrue(event.await(60, TimeUnit.SECONDS));
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
        }
    }
}
