package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What killed clients and local clusters left goes when their processes are gone, and only then. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaleDriverDirsTest {
    @Test
    void shouldReapTheSessionAndPipeDriverDirectoriesOfADeadClientOnly() throws Exception {
        final Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(20, TimeUnit.SECONDS));
        final long dead = gone.pid();
        final long alive = ProcessHandle.current().pid();
        final Path base = Files.createTempDirectory("shmproc-stale-driver-dirs-");
        try {
            final Path deadSession = Files.createDirectories(base.resolve("shmproc-client-" + dead + "-1"));
            final Path deadPipes = Files.createDirectories(base.resolve("shmproc-client-" + dead + "-1"
                + PipeDriver.SUFFIX));
            Files.writeString(deadPipes.resolve("cnc.dat"), "left by a SIGKILLed JVM");
            final Path liveSession = Files.createDirectories(base.resolve("shmproc-client-" + alive + "-7"));
            final Path livePipes = Files.createDirectories(base.resolve("shmproc-client-" + alive + "-7"
                + PipeDriver.SUFFIX));
            final Path other = Files.createDirectories(base.resolve("shmproc-client-" + dead + "-1-other"));

            assertEquals(2, StaleDriverDirs.reap(base));

            assertFalse(Files.exists(deadSession));
            assertFalse(Files.exists(deadPipes));
            assertTrue(Files.isDirectory(liveSession));
            assertTrue(Files.isDirectory(livePipes));
            assertTrue(Files.isDirectory(other), "a name that is not a driver directory's is left alone");
        } finally {
            SharedDirectory.deleteTree(base);
        }
        assertFalse(Files.exists(base));
    }

    @Test
    void shouldReapALocalClustersDirectoryOnlyWhenItsCreatorAndEveryMemberAreGone() throws Exception {
        final Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(20, TimeUnit.SECONDS));
        final Process member = new ProcessBuilder("sleep", "60").start();
        final Path base = Files.createTempDirectory("shmproc-stale-cluster-dirs-");
        try {
            final Path running = Files.createDirectories(base.resolve("shmproc-cluster-" + gone.pid() + "-1"));
            Files.writeString(running.resolve(StaleDriverDirs.MEMBER_PIDS), gone.pid() + "\n" + member.pid() + "\n");
            final Path done = Files.createDirectories(base.resolve("shmproc-cluster-" + gone.pid() + "-2"));
            Files.writeString(done.resolve(StaleDriverDirs.MEMBER_PIDS), gone.pid() + "\n");
            Files.createDirectories(done.resolve("m0"));
            final Path mine = Files.createDirectories(base.resolve("shmproc-cluster-" + ProcessHandle.current().pid()
                + "-3"));

            assertEquals(1, StaleDriverDirs.reapClusters(base));
            assertTrue(Files.isDirectory(running), "a member still runs in it");
            assertFalse(Files.exists(done));
            assertTrue(Files.isDirectory(mine), "its creator lives");

            member.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            assertEquals(1, StaleDriverDirs.reapClusters(base));
            assertFalse(Files.exists(running));
        } finally {
            member.destroyForcibly();
            SharedDirectory.deleteTree(base);
        }
        assertFalse(Files.exists(base));
    }
}
