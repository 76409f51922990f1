package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An owner killed with SIGKILL leaves its context to the tracker its JVM started: the directory stays while a
 * process attached to it lives, and is gone within 5 s after the last one dies, with no later call.
 */
@CrossProcessTest
class ContextTrackerTest {

    @Test
    void shouldRemoveADeadOwnersContextOnlyAfterItsLastUserDied() throws Exception {
        Path dir = null;
        try (ChildJvm owner = ChildJvm.start(TrackerChild.class, "owner")) {
            dir = Path.of(owner.awaitLine(l -> l.startsWith("dir "), Duration.ofSeconds(60)).substring(4));
            try (ChildJvm attached = ChildJvm.start(TrackerChild.class, "attached", dir.toString())) {
                attached.awaitLine(l -> l.equals("attached hello"), Duration.ofSeconds(60));
                owner.kill();
                final long watchUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < watchUntil) {
                    assertTrue(Files.isDirectory(dir), "the context was removed while an attached process lives");
                    Thread.sleep(100);
                }
                attached.kill();
            }
            final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Files.exists(dir) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(dir), "a dead owner's context outlived its last user by more than 5 s");
        } finally {
            if (dir != null) {
                SharedDirectory.deleteTree(dir);
            }
        }
    }

    /** A non-daemon child outlives its killed parent: while it holds a pipe of the context, the context stays. */
    @Test
    void shouldKeepADeadOwnersContextWhileItsChildHoldsOnlyAPipe() throws Exception {
        Path dir = null;
        long child = -1;
        try (ChildJvm owner = ChildJvm.start(TrackerChild.class, "pipe-owner")) {
            dir = Path.of(owner.awaitLine(l -> l.startsWith("dir "), Duration.ofSeconds(60)).substring(4));
            final String line = owner.awaitLine(l -> l.startsWith("child hello pid "), Duration.ofSeconds(60));
            child = Long.parseLong(line.substring("child hello pid ".length()));
            owner.kill();
            final long watchUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < watchUntil) {
                assertTrue(Files.isDirectory(dir), "the context was removed while its owner's child holds a pipe");
                Thread.sleep(100);
            }
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Files.exists(dir) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(dir), "a dead owner's context outlived its last user by more than 5 s");
        } finally {
            if (child > 0) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (dir != null) {
                SharedDirectory.deleteTree(dir);
            }
        }
    }

    @Test
    void shouldStopTheTrackerWhenTheLastContextCloses() throws Exception {
        final Shmproc first = Shmproc.open();
        final Shmproc second = Shmproc.open();
        final long tracker = io.shmproc.memory.ContextTrackerAccess.pid();
        assertTrue(tracker > 0, "the first context starts a tracker");
        first.close();
        assertTrue(ProcessHandle.of(tracker).map(ProcessHandle::isAlive).orElse(false),
            "the tracker still watches the second context");
        second.close();
        final long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (ProcessHandle.of(tracker).map(ProcessHandle::isAlive).orElse(false)
            && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(tracker).map(ProcessHandle::isAlive).orElse(false),
            "the tracker exits when it has nothing to watch");
    }

    @Test
    void shouldCloseTheLastContextQuietlyWhenTheTrackerWasKilled() throws Exception {
        final Shmproc mp = Shmproc.open();
        final Path dir = mp.directory();
        final long tracker = io.shmproc.memory.ContextTrackerAccess.pid();
        assertTrue(tracker > 0, "the context starts a tracker");
        final ProcessHandle handle = ProcessHandle.of(tracker).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get();
        mp.close(); // threw NullPointerException: the failed notice stopped the tracker, then closing stopped it again
        assertFalse(java.nio.file.Files.exists(dir), "the owner removed its directory");
    }
}
