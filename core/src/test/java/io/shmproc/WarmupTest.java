package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.WarmupTrigger;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JIT warm-up across real JVMs: a JVM the user started warms up in the background at its first queue, once,
 * and is left with no thread and no file of it; {@code off} and child JVMs that shmproc starts skip it.
 */
@CrossProcessTest
class WarmupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldWarmUpOnceInTheBackgroundAtTheFirstQueueAndLeaveNothing() {
        try (ChildJvm child = ChildJvm.start(List.of("-D" + WarmupTrigger.MODE_PROPERTY + "=background"),
            WarmupChild.class)) {
            final String line = child.awaitLine(l -> l.startsWith("RESULT"), WAIT);
            assertEquals("RESULT started=true done=true rounds=" + Warmup.ROUNDS
                + " runAgain=false threads=0 files=[] item=7", line);
            assertEquals(0, child.waitFor(WAIT));
        }
    }

    @Test
    void shouldLeaveNoDirectoryWhenTheJvmExitsInTheMiddleOfTheWarmUp() throws Exception {
        final long pid;
        try (ChildJvm child = ChildJvm.start(List.of("-D" + WarmupTrigger.MODE_PROPERTY + "=background"),
            ExitDuringWarmupChild.class)) {
            pid = child.pid();
            final String line = child.awaitLine(l -> l.startsWith("EXITING"), WAIT);
            assertTrue(line.startsWith("EXITING with warm-up directory [" + SharedDirectory.defaultBase()), line);
            assertEquals(0, child.waitFor(WAIT));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Path> left = directoriesOf(SharedDirectory.defaultBase(), pid, null);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = directoriesOf(SharedDirectory.defaultBase(), pid, null);
        }
        assertEquals(List.of(), left, "directories of the exited JVM");
    }

    @Test
    void shouldWarmUpWithoutKernelWakeUpsWhenTheyAreOff() {
        try (ChildJvm child = ChildJvm.start(List.of("-D" + WarmupTrigger.MODE_PROPERTY + "=background",
            "-Dshmproc.wakeup.kernel=false"), WarmupChild.class)) {
            final String line = child.awaitLine(l -> l.startsWith("RESULT"), WAIT);
            assertEquals("RESULT started=true done=true rounds=" + Warmup.ROUNDS
                + " runAgain=false threads=0 files=[] item=7", line);
            assertEquals(0, child.waitFor(WAIT));
        }
    }

    @Test
    void shouldMakeItsDirectoryInTheConfiguredBase(@TempDir final Path base) throws Exception {
        final long pid;
        try (ChildJvm child = ChildJvm.start(List.of("-D" + WarmupTrigger.MODE_PROPERTY + "=background",
            "-D" + SharedDirectory.BASE_DIRECTORY_PROPERTY + "=" + base), ExitDuringWarmupChild.class)) {
            pid = child.pid();
            final String line = child.awaitLine(l -> l.startsWith("EXITING"), WAIT);
            assertTrue(line.startsWith("EXITING with warm-up directory [" + base), line);
            assertEquals(0, child.waitFor(WAIT));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!directoriesOf(base, pid, null).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), directoriesOf(base, pid, null), "directories of the exited JVM");
    }

    @Test
    void shouldNotWarmUpWhenTurnedOff() {
        try (ChildJvm child = ChildJvm.start(List.of("-D" + WarmupTrigger.MODE_PROPERTY + "=off"),
            WarmupChild.class)) {
            final String line = child.awaitLine(l -> l.startsWith("RESULT"), WAIT);
            assertEquals("RESULT started=false done=false rounds=0 runAgain=true threads=0 files=[] item=7", line);
            assertEquals(0, child.waitFor(WAIT));
        }
    }

    @Test
    void shouldBeOffInAChildThatShmprocStarts() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<String> answers = mp.queue("answers");
            final var process = mp.process(() -> {
                try {
                    answers.put(String.valueOf(System.getProperty(WarmupTrigger.MODE_PROPERTY)));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            process.start();
            assertEquals(WarmupTrigger.OFF, answers.poll(60, TimeUnit.SECONDS));
            process.join(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRejectAModeItDoesNotKnow() {
        final String before = System.getProperty(WarmupTrigger.MODE_PROPERTY);
        System.setProperty(WarmupTrigger.MODE_PROPERTY, "sometimes");
        try {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, WarmupTrigger::enabled);
            assertTrue(e.getMessage().contains("shmproc.warmup='sometimes'") && e.getMessage().contains("'off'"),
                e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(WarmupTrigger.MODE_PROPERTY);
            } else {
                System.setProperty(WarmupTrigger.MODE_PROPERTY, before);
            }
        }
    }

    /** Opens a queue, waits until the warm-up's directory exists, then exits in the middle of the warm-up. */
    public static final class ExitDuringWarmupChild {
        private ExitDuringWarmupChild() {
        }

        /**
         * Entry point.
         *
         * @param args none
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            final SharedDirectory dir = SharedDirectory.create(SharedDirectory.configuredBase());
            final SharedQueue<Integer> queue = SharedQueue.create(dir.resolve("q"), QueueOptions.defaults());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<Path> warmup = ownOthers(dir.path());
            while (warmup.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
                warmup = ownOthers(dir.path());
            }
            queue.close();
            dir.delete();
            System.out.println("EXITING with warm-up directory " + warmup);
            System.out.flush();
            System.exit(0);
        }
    }

    /** This JVM's context directories in its configured base, but one. */
    static List<Path> ownOthers(final Path except) throws IOException {
        return directoriesOf(SharedDirectory.configuredBase(), ProcessHandle.current().pid(), except);
    }

    /** The context directories of a process in a base, but one. */
    static List<Path> directoriesOf(final Path base, final long pid, final Path except) throws IOException {
        final List<Path> found = new ArrayList<>();
        final String glob = SharedDirectory.userPrefix() + pid + "-*";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, glob)) {
            for (final Path entry : entries) {
                if (!entry.equals(except)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** Opens a queue, waits for the warm-up, then reports what is left of it. */
    public static final class WarmupChild {
        private WarmupChild() {
        }

        /**
         * Entry point.
         *
         * @param args none
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            final SharedDirectory dir = SharedDirectory.create(SharedDirectory.configuredBase());
            final String item;
            try (SharedQueue<Integer> queue = SharedQueue.create(dir.resolve("q"), QueueOptions.defaults())) {
                final boolean done = Warmup.await(60, TimeUnit.SECONDS);
                final boolean started = done || Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("shmproc-warmup"));
                queue.put(7);
                item = String.valueOf(queue.take());
                final int rounds = Warmup.roundsDone();
                final boolean runAgain = Warmup.run();
                Thread.sleep(200); // the warm-up thread ends right after it counts down
                final long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("shmproc-warmup") && t.isAlive()).count();
                System.out.println("RESULT started=" + started + " done=" + done + " rounds=" + rounds
                    + " runAgain=" + runAgain
                    + " threads=" + threads + " files=" + ownOthers(dir.path())
                    + " item=" + item);
            } finally {
                dir.delete();
            }
        }
    }
}
