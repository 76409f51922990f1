package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.queue.SharedQueue;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm spare JVMs across real processes: used once, never stale, never outliving their owner, off when 0. */
@CrossProcessTest
class SparesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private String before;

    @BeforeEach
    void sparesOn() {
        before = System.getProperty(Spares.COUNT_PROPERTY);
        System.setProperty(Spares.COUNT_PROPERTY, "1");
    }

    @AfterEach
    void sparesBack() {
        Spares.stopAll();
        if (before == null) {
            System.clearProperty(Spares.COUNT_PROPERTY);
        } else {
            System.setProperty(Spares.COUNT_PROPERTY, before);
        }
    }

    @Test
    void shouldRunTheNextStartOnAWarmSpareAndTheSpareOnlyOnce() throws Exception {
        final ShmProcess first = ShmProcess.of(() -> { }).start();
        assertTrue(first.join(PATIENCE));
        final long spare = awaitOneSpare();

        final Path out = temp.resolve("second");
        final String file = out.toString();
        final ShmProcess second = ShmProcess.of(() -> ChildActions.writeIdentity(file)).name("on-spare").start();
        assertEquals(spare, second.pid(), "the second start must use the warm spare");
        assertTrue(second.join(PATIENCE));
        assertEquals(OptionalInt.of(0), second.exitCode());
        assertEquals("on-spare|" + spare + "|" + ShmProcess.current().name() + "|" + ProcessHandle.current().pid()
            + "|true", Files.readString(out).trim());
        assertFalse(isAlive(spare), "a spare that ran a target has exited with it");

        final long next = awaitOneSpare();
        assertNotEquals(spare, next, "the replacement is a new JVM");
        final ShmProcess third = ShmProcess.of(ChildActions::exitWithFour).start();
        assertEquals(next, third.pid());
        assertTrue(third.join(PATIENCE));
        assertEquals(OptionalInt.of(4), third.exitCode());
    }

    @Test
    void shouldBootNoSpareWhileAColdChildIsStartingAndOneOnceItRuns() throws Exception {
        final Path marker = temp.resolve("running");
        final String file = marker.toString();
        final ShmProcess cold = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).start();
        final long started = System.nanoTime();
        // a spare booting now would take a CPU from the start the caller waits for
        while (System.nanoTime() - started < Spares.COLD_START_MILLIS * 1_000_000L / 2) {
            assertEquals(List.of(), Spares.pids(), "a spare booted beside a cold child still starting");
            Thread.sleep(5);
        }
        awaitFile(marker);
        awaitOneSpare();
        cold.kill();
        assertTrue(cold.join(PATIENCE));
    }

    @Test
    void shouldForgetColdChildrenThatExitedEvenWhenNoSpareIsEverAskedFor() throws Exception {
        // a service that only starts children with redirected output never wants a spare, so no keeper thread
        // forgets its cold starts: they must not pile up, one per child, for the JVM's life
        final Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        for (int i = 0; i < 1_000; i++) {
            Spares.coldStarted(exited);
        }
        assertTrue(Spares.coldStartsRemembered() <= 1, Spares.coldStartsRemembered() + " cold starts remembered");
    }

    @Test
    void shouldGiveASpareChildTheExitCodesOfAColdChild() throws Exception {
        ShmProcess.of(() -> { }).start().join();
        long spare = awaitOneSpare();
        final ShmProcess failing = ShmProcess.of(() -> {
            throw new IllegalStateException("boom");
        }).redirectError(ProcessBuilder.Redirect.DISCARD);
        // a redirected child starts cold; the spare stays for the next one
        failing.start();
        assertTrue(failing.join(PATIENCE));
        assertEquals(OptionalInt.of(1), failing.exitCode());
        assertEquals(List.of(spare), Spares.pids());

        final Path marker = temp.resolve("running");
        final String file = marker.toString();
        final ShmProcess terminated = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).start();
        assertEquals(spare, terminated.pid());
        awaitFile(marker);
        terminated.terminate();
        assertTrue(terminated.join(PATIENCE));
        assertEquals(OptionalInt.of(-15), terminated.exitCode());

        spare = awaitOneSpare();
        Files.delete(marker);
        final ShmProcess killed = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).daemon(true).start();
        assertEquals(spare, killed.pid());
        assertTrue(killed.daemon());
        awaitFile(marker);
        killed.kill();
        assertTrue(killed.join(PATIENCE));
        assertEquals(OptionalInt.of(-9), killed.exitCode());
    }

    @Test
    void shouldNotUseASpareWhoseClassPathJarChanged() throws Exception {
        final Path jar = temp.resolve("extra.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        final String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", classPath + File.pathSeparator + jar);
        try {
            ShmProcess.of(() -> { }).start().join();
            final long stale = awaitOneSpare();
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

            final ShmProcess p = ShmProcess.of(() -> { }).start();
            assertNotEquals(stale, p.pid(), "a spare booted before the jar changed must not run the target");
            assertTrue(p.join(PATIENCE));
            assertTrue(awaitGone(stale), "the stale spare " + stale + " must be stopped");
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }

    @Test
    void shouldStopTheSparesOfAContextWhenItCloses() throws Exception {
        final long spare;
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<String> queue = mp.queue("q");
            mp.process(() -> queue.put("cold")).start().join();
            spare = awaitOneSpare();
            final ShmProcess warm = mp.process(() -> queue.put("warm")).start();
            assertEquals(spare, warm.pid());
            assertEquals("cold", queue.take());
            assertEquals("warm", queue.take());
            awaitOneSpare();
        }
        assertEquals(List.of(), Spares.pids(), "a closed context keeps no spare");
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "the context's spares have exited when close() returns");
    }

    @Test
    void shouldStartPoolWorkersOnSparesItAskedForBefore() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Set<Long> spares;
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2))) {
                assertEquals(Integer.valueOf(9), pool.apply(x -> x * x, 3));
                spares = awaitSpares(2);
            }
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2))) {
                assertEquals(spares, new HashSet<>(pool.workerPids()), "the second pool's workers are the spares");
                assertEquals(Integer.valueOf(16), pool.apply(x -> x * x, 4));
            }
        }
    }

    @Test
    void shouldEndIdleSparesWhenTheirParentIsKilled() throws Exception {
        final long spare;
        try (ChildJvm parent = ChildJvm.start(SpareParentMain.class)) {
            final String line = parent.awaitLine(l -> l.startsWith("spare "), PATIENCE);
            spare = Long.parseLong(line.substring("spare ".length()).trim());
            assertTrue(isAlive(spare));
            parent.kill();
        }
        try {
            assertTrue(awaitGone(spare), "spare " + spare + " still runs after its parent was killed");
        } finally {
            ProcessHandle.of(spare).ifPresent(ProcessHandle::destroyForcibly);
            SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
        }
    }

    @Test
    void shouldEndADaemonChildOnASpareWithItsParentAndKeepANonDaemonOne() throws Exception {
        for (final String kind : new String[] {"daemon", "nondaemon"}) {
            final long child;
            try (ChildJvm parent = ChildJvm.start(SpareParentMain.class, kind)) {
                final String spareLine = parent.awaitLine(l -> l.startsWith("spare "), PATIENCE);
                final String childLine = parent.awaitLine(l -> l.startsWith("child "), PATIENCE);
                child = Long.parseLong(childLine.substring("child ".length()).trim());
                assertEquals(spareLine.substring("spare ".length()).trim(), String.valueOf(child),
                    "the child runs on the spare");
                parent.kill();
            }
            try {
                if (kind.equals("daemon")) {
                    assertTrue(awaitGone(child), "daemon child " + child + " on a spare outlived its killed parent");
                } else {
                    Thread.sleep(1_500);
                    assertTrue(isAlive(child), "a non-daemon child on a spare must outlive its killed parent");
                }
            } finally {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                awaitGone(child);
            }
        }
        SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
    }

    @Test
    void shouldStartColdAndBootNoSpareWhenSparesAreOff() throws Exception {
        System.setProperty(Spares.COUNT_PROPERTY, "0");
        final ShmProcess p = ShmProcess.of(() -> { }).start();
        assertTrue(p.join(PATIENCE));
        assertTrue(ProcessGroup.standalone().children().size() >= 1);
        Thread.sleep(500);
        assertEquals(List.of(), Spares.pids());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "no spare JVM runs");
    }

    @Test
    void shouldKeepSparesWithinTheMemoryCapAndStopThemWhenIdle() throws Exception {
        System.setProperty(Spares.MEMORY_PROPERTY, String.valueOf(Spares.ESTIMATED_SPARE_MIB));
        try {
            ProcessGroup.standalone().keepSpares(3, List.of());
            final long spare = awaitOneSpare();
            Thread.sleep(300);
            assertEquals(List.of(spare), Spares.pids(), "a 64 MiB budget holds one spare");
            // set only now: a spare booting on a loaded machine may take longer than this to become ready
            System.setProperty(Spares.IDLE_PROPERTY, "1000");
            assertTrue(awaitGone(spare), "an idle spare must stop after the idle timeout");
            assertEquals(List.of(), Spares.pids());
        } finally {
            System.clearProperty(Spares.MEMORY_PROPERTY);
            System.clearProperty(Spares.IDLE_PROPERTY);
        }
    }

    @Test
    void shouldRejectABadSpareSettingAtStartNamingTheProperty() {
        System.setProperty(Spares.COUNT_PROPERTY, "-1");
        final ShmProcess p = ShmProcess.of(() -> { });
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::start);
        assertTrue(e.getMessage().contains("shmproc.child.spares=-1"), e.getMessage());
        assertFalse(p.isAlive());
        p.close();
    }

    @Test
    void shouldPassAnExplicitSpareSettingToChildrenBeforeTheirOwnOptions() {
        assertEquals(List.of("-Dshmproc.child.spares=1", "-Xmx64m", "-Dshmproc.child.spares=3"),
            Spares.withInherited(List.of("-Xmx64m", "-Dshmproc.child.spares=3")));
        System.clearProperty(Spares.COUNT_PROPERTY);
        assertEquals(List.of("-Xmx64m"), Spares.withInherited(List.of("-Xmx64m")));
    }

    private static long awaitOneSpare() throws InterruptedException {
        return awaitSpares(1).iterator().next();
    }

    private static Set<Long> awaitSpares(final int count) throws InterruptedException {
        assertTrue(Spares.awaitReady(count, PATIENCE.toMillis()), "no ready spare within " + PATIENCE);
        final Set<Long> pids = new HashSet<>(Spares.pids());
        assertEquals(count, pids.size(), "spares " + pids);
        return pids;
    }

    private static boolean isAlive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean awaitGone(final long pid) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void awaitFile(final Path file) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, "no " + file);
            Thread.sleep(10);
        }
    }
}
