package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A parent JVM killed with SIGKILL: its daemon child dies with it, its non-daemon child lives on. */
@CrossProcessTest
class ParentDeathTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void shouldEndADaemonChildWhenItsParentIsKilled() throws Exception {
        final long grandchild;
        try (ChildJvm parent = ChildJvm.start(OrphanParentMain.class, "daemon")) {
            grandchild = childPid(parent);
            assertTrue(isAlive(grandchild), "the daemon child runs while its parent lives");
            parent.kill();
        }
        try {
            assertTrue(awaitGone(grandchild, Duration.ofSeconds(10)), "daemon child " + grandchild
                + " still runs 10 s after its parent was killed");
        } finally {
            destroy(grandchild);
            SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
        }
    }

    @Test
    void shouldKeepANonDaemonChildRunningWhenItsParentIsKilled() throws Exception {
        final long grandchild;
        try (ChildJvm parent = ChildJvm.start(OrphanParentMain.class, "nondaemon")) {
            grandchild = childPid(parent);
            parent.kill();
        }
        try {
            Thread.sleep(1_500);
            assertTrue(isAlive(grandchild), "the non-daemon child must outlive its killed parent");
        } finally {
            destroy(grandchild);
            SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
        }
    }

    private static long childPid(final ChildJvm parent) {
        final String line = parent.awaitLine(l -> l.startsWith("child "), PATIENCE);
        return Long.parseLong(line.substring("child ".length()).trim());
    }

    private static boolean isAlive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean awaitGone(final long pid, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void destroy(final long pid) throws InterruptedException {
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().destroyForcibly();
            awaitGone(pid, PATIENCE);
        }
    }
}
