package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import io.shmproc.testkit.SecondUser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Another local user plants things in {@code /dev/shm} under this user's context names; this user's
 * {@code Shmproc.open()} (which reclaims stale directories first) must neither hang nor delete anything of
 * its own through them. Runs as root with a second OS user (skipped otherwise).
 */
@CrossProcessTest
class HostileUserTest {
    private static final Duration VICTIM_TIMEOUT = Duration.ofSeconds(40);

    @Test
    void shouldNotHangOnAFifoOwnerFilePlantedByAnotherUser() throws Exception {
        final Path planted = plantedName();
        try (SecondUser attacker = SecondUser.create()) {
            assertEquals(0, attacker.run("mkdir -m 755 " + planted + " && mkfifo -m 666 " + planted + "/.owner"));
            try (ChildJvm victim = ChildJvm.start(OpenAndClose.class)) {
                assertEquals(0, victim.waitFor(VICTIM_TIMEOUT), "Shmproc.open() of the victim hung or failed");
            }
            assertTrue(Files.exists(planted.resolve(".owner"), LinkOption.NOFOLLOW_LINKS),
                "another user's directory is not ours to remove");
        } finally {
            SharedDirectory.deleteTree(planted);
        }
    }

    @Test
    void shouldNotDeleteThroughADirectorySwappedForASymlinkWhileReadingItsOwner() throws Exception {
        final Path planted = plantedName();
        final Path moved = planted.resolveSibling(planted.getFileName() + ".moved");
        final Path canary = canary();
        try (SecondUser attacker = SecondUser.create()) {
            // The attacker's FIFO blocks the victim's read of .owner; once the victim opens it, the attacker swaps
            // the directory for a link to the victim's own files and reports a dead owner.
            final Process swap = attacker.start("timeout 60 sh -c 'mkdir -m 755 " + planted + " && mkfifo -m 666 "
                + planted + "/.owner && exec 3>" + planted + "/.owner && mv " + planted + " " + moved
                + " && ln -s " + canary + " " + planted + " && echo \"1 1\" >&3'");
            awaitFifo(planted.resolve(".owner"));
            try (ChildJvm victim = ChildJvm.start(OpenAndClose.class)) {
                assertEquals(0, victim.waitFor(VICTIM_TIMEOUT), "Shmproc.open() of the victim hung or failed");
            }
            releaseFifo(swap, planted.resolve(".owner"));
            assertTrue(Files.exists(canary.resolve("precious")), "the victim deleted its own file through a link"
                + " another user swapped in");
        } finally {
            SharedDirectory.deleteTree(planted);
            SharedDirectory.deleteTree(moved);
            SharedDirectory.deleteTree(canary);
        }
    }

    @Test
    void shouldNotFollowAPlantedSymlinkToADirectoryOfOurs() throws Exception {
        final Path planted = plantedName();
        final Path canary = canary();
        try (SecondUser attacker = SecondUser.create()) {
            assertEquals(0, attacker.run("ln -s " + canary + " " + planted));
            try (ChildJvm victim = ChildJvm.start(OpenAndClose.class)) {
                assertEquals(0, victim.waitFor(VICTIM_TIMEOUT));
            }
            assertTrue(Files.exists(canary.resolve("precious")), "the victim followed another user's link");
            assertTrue(Files.isSymbolicLink(planted), "another user's link is not ours to remove");
        } finally {
            SharedDirectory.deleteTree(planted);
            SharedDirectory.deleteTree(canary);
        }
    }

    /** A name in this user's context namespace, with a pid that is not running. */
    private static Path plantedName() {
        final byte[] id = new byte[6];
        ThreadLocalRandom.current().nextBytes(id);
        return SharedDirectory.defaultBase().resolve(SharedDirectory.userPrefix() + "999999-"
            + HexFormat.of().formatHex(id));
    }

    /** A directory of this user that looks like a stale context (dead owner) holding a precious file. */
    private static Path canary() throws Exception {
        final Path canary = Files.createTempDirectory("canary-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(canary.resolve("precious"), "keep me");
        Files.writeString(canary.resolve(".owner"), "1 1\n");
        return canary;
    }

    private static void awaitFifo(final Path fifo) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            assertTrue(System.nanoTime() < deadline, "the attacker never created " + fifo);
            Thread.sleep(20);
        }
    }

    /** Opens the FIFO for reading if the attacker still waits on it, so that its script ends. */
    private static void releaseFifo(final Process swap, final Path fifo) throws InterruptedException {
        if (swap.isAlive()) {
            final Thread reader = new Thread(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    in.readAllBytes();
                } catch (final Exception ignored) {
                    // the attacker is gone
                }
            }, "fifo-release");
            reader.setDaemon(true);
            reader.start();
            swap.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
