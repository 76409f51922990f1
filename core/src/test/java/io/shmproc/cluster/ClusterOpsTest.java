package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.AuthenticationException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every operation family of {@link ClusterOps} against a one-member cluster in a child JVM, with two sessions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterOpsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static List<String> shmBefore;
    private static LocalCluster cluster;
    private static ClusterClient a;
    private static ClusterClient b;

    @BeforeAll
    static void startCluster() throws IOException {
        shmBefore = shm();
        cluster = TestClusters.start(1);
        final long start = System.nanoTime();
        a = cluster.connect();
        System.out.println("first client connected in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms (its own driver included)");
        b = cluster.connect();
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        assertEquals(shmBefore, shm(), "nothing of the cluster test may stay in /dev/shm or the temp directory");
    }

    /**
     * Our entries in /dev/shm and the temp directory: this JVM's client directories, the test cluster's and the
     * members' (other processes' client directories are theirs; a dead one's is removed by the next client).
     */
    private static List<String> shm() throws IOException {
        final List<String> ours = new java.util.ArrayList<>();
        for (final Path dir : List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("shmproc-test-cluster-")
                        || n.startsWith("shmproc-client-" + ProcessHandle.current().pid() + "-")
                        || n.startsWith("shmproc-member-") || n.startsWith("aeron"))
                    .map(n -> dir + "/" + n).forEach(ours::add);
            }
        }
        java.util.Collections.sort(ours);
        return ours;
    }

    private static byte[] b(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(final byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static long tid() {
        return Thread.currentThread().getId();
    }

    @Test
    void shouldAnswerSequentialCallsQuickly() {
        final int count = 2000;
        final long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            final long start = System.nanoTime();
            a.wordGetAndAdd("latency", 0, 1);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("wordGetAndAdd round trip over %d sequential calls: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
            count, nanos[count / 2] / 1e6, nanos[count * 99 / 100] / 1e6, nanos[count - 1] / 1e6);
        assertEquals(count, a.wordGet("latency", 0));
        assertTrue(nanos[count / 2] < 50 * MS, "p50 " + nanos[count / 2] + " ns");
    }

    @Test
    void shouldServeManyThreadsOfOneClient() throws Exception {
        final int threads = 8;
        final int each = 200;
        final List<CompletableFuture<Void>> futures = new java.util.ArrayList<>();
        final long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    a.wordGetAndAdd("threads", 0, 1);
                }
            }, java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                final Thread thread = new Thread(r);
                thread.setDaemon(true);
                return thread;
            })));
        }
        for (final CompletableFuture<Void> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d threads x %d wordGetAndAdd: %.0f ops/s%n", threads, each, threads * each / seconds);
        assertEquals(threads * each, b.wordGet("threads", 0));
    }

    @Test
    void shouldCountAndCompareWords() {
        assertEquals(3, a.wordCreate("words", 3, 7));
        assertEquals(3, b.wordCreate("words", 5, 0), "an existing array keeps its length");
        assertEquals(7, a.wordGetAndAdd("words", 1, 5));
        assertEquals(12, b.wordGet("words", 1));
        assertTrue(a.wordCompareAndSet("words", 2, 7, 9));
        assertFalse(a.wordCompareAndSet("words", 2, 7, 10));
        assertEquals(9, a.wordGetAndSet("words", 2, 1));
        a.wordSet("words", 0, -4);
        assertArrayEquals(new long[] {-4, 12, 1}, b.wordSnapshot("words"));
        assertThrows(IndexOutOfBoundsException.class, () -> a.wordGet("words", 3));
    }

    @Test
    void shouldKeepDictInInsertionOrder() {
        assertNull(a.dictPut("d", b("x"), b("1")));
        assertNull(a.dictPut("d", b("y"), b("2")));
        assertEquals("1", s(a.dictPut("d", b("x"), b("3"))));
        assertEquals("3", s(b.dictGet("d", b("x"))));
        assertEquals("2", s(a.dictPutIfAbsent("d", b("y"), b("9"))));
        assertNull(a.dictReplace("d", b("z"), b("9")));
        assertTrue(a.dictReplaceIfEquals("d", b("y"), b("2"), b("4")));
        assertFalse(a.dictReplaceIfEquals("d", b("y"), b("2"), b("5")));
        assertEquals(2, b.dictSize("d"));
        final List<byte[][]> entries = b.dictEntries("d");
        assertEquals("x=3,y=4", entries.stream().map(e -> s(e[0]) + "=" + s(e[1])).collect(Collectors.joining(",")));
        assertFalse(a.dictRemoveIfEquals("d", b("x"), b("1")));
        assertEquals("3", s(a.dictRemove("d", b("x"))));
        a.dictClear("d");
        assertEquals(0, a.dictSize("d"));
    }

    @Test
    void shouldEditList() {
        a.listAdd("l", -1, b("a"));
        a.listAdd("l", -1, b("c"));
        a.listAdd("l", 1, b("b"));
        assertEquals("b", s(b.listGet("l", 1)));
        assertEquals("c", s(a.listSet("l", 2, b("C"))));
        assertEquals("a", s(a.listRemove("l", 0)));
        assertEquals(List.of("b", "C"), b.listSnapshot("l").stream().map(ClusterOpsTest::s)
            .collect(Collectors.toList()));
        assertThrows(IndexOutOfBoundsException.class, () -> a.listGet("l", 5));
        a.listClear("l");
        assertEquals(0, a.listSize("l"));
    }

    @Test
    void shouldPassQueueItemsAndTimeOut() throws Exception {
        assertEquals(2, a.queueCreate("q", 2, false));
        assertTrue(a.queueOffer("q", b("1"), 0));
        assertTrue(a.queueOffer("q", b("2"), 0));
        long start = System.nanoTime();
        assertFalse(a.queueOffer("q", b("3"), 200 * MS), "a full queue times out");
        assertTrue(System.nanoTime() - start >= 150 * MS);
        assertEquals("1", s(b.queuePeek("q")));
        assertEquals(2, b.queueSize("q"));
        assertEquals("1", s(b.queuePoll("q", 0)));
        assertEquals("2", s(b.queuePoll("q", 0)));
        start = System.nanoTime();
        assertNull(b.queuePoll("q", 200 * MS));
        assertTrue(System.nanoTime() - start >= 150 * MS);
        final CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> b.queuePoll("q", -1));
        Thread.sleep(100);
        assertTrue(a.queueOffer("q", b("late"), 0));
        assertEquals("late", s(waiting.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void shouldJoinAJoinableQueue() {
        a.queueCreate("jq", 0, true);
        a.queueOffer("jq", b("job"), 0);
        assertEquals(1, a.queueUnfinished("jq"));
        assertEquals("job", s(b.queuePoll("jq", 0)));
        assertFalse(a.queueJoin("jq", 100 * MS));
        b.queueTaskDone("jq");
        assertTrue(a.queueJoin("jq", 0));
        assertThrows(IllegalStateException.class, () -> b.queueTaskDone("jq"));
    }

    @Test
    void shouldExcludeOtherSessionsFromALock() throws Exception {
        assertEquals(ClusterOps.LOCK_ACQUIRED, a.lockAcquire("lk", false, tid(), 0));
        assertEquals(ClusterOps.LOCK_ALREADY_HELD, a.lockAcquire("lk", false, tid(), 0));
        assertEquals(ClusterOps.LOCK_TIMED_OUT, b.lockAcquire("lk", false, tid(), 0));
        final long start = System.nanoTime();
        assertEquals(ClusterOps.LOCK_TIMED_OUT, b.lockAcquire("lk", false, tid(), 200 * MS));
        assertTrue(System.nanoTime() - start >= 150 * MS);
        assertThrows(IllegalMonitorStateException.class, () -> b.lockRelease("lk", tid()));
        assertTrue(b.lockIsLocked("lk"));
        final CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
            () -> b.lockAcquire("lk", false, 77, 10_000 * MS));
        Thread.sleep(100);
        a.lockRelease("lk", tid());
        assertEquals(ClusterOps.LOCK_ACQUIRED, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, b.lockHoldCount("lk", 77));
        b.lockRelease("lk", 77);
        assertFalse(a.lockIsLocked("lk"));
    }

    @Test
    void shouldCountReentrantHolds() {
        assertFalse(a.lockIsLocked("rl"), "a query first creates the lock; it stays usable as a reentrant lock");
        assertEquals(ClusterOps.LOCK_ACQUIRED, a.lockAcquire("rl", true, tid(), 0));
        assertEquals(ClusterOps.LOCK_ACQUIRED, a.lockAcquire("rl", true, tid(), 0));
        assertEquals(2, a.lockHoldCount("rl", tid()));
        assertEquals(0, a.lockHoldCount("rl", tid() + 1));
        a.lockRelease("rl", tid());
        a.lockRelease("rl", tid());
        assertFalse(a.lockIsLocked("rl"));
    }

    @Test
    void shouldWaitForSemaphorePermits() throws Exception {
        assertEquals(2, a.semaphoreCreate("sem", 2, 2));
        assertTrue(a.semaphoreAcquire("sem", 2, 0));
        assertFalse(b.semaphoreAcquire("sem", 1, 150 * MS));
        final CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
            () -> b.semaphoreAcquire("sem", 1, 10_000 * MS));
        Thread.sleep(100);
        a.semaphoreRelease("sem", 2);
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, a.semaphoreValue("sem"));
        a.semaphoreRelease("sem", 1);
        assertThrows(IllegalStateException.class, () -> a.semaphoreRelease("sem", 1), "bounded at 2");
    }

    @Test
    void shouldWakeEventWaiters() throws Exception {
        assertFalse(a.eventAwait("ev", 150 * MS));
        final CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> b.eventAwait("ev", -1));
        Thread.sleep(100);
        a.eventSet("ev");
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        assertTrue(b.eventIsSet("ev"));
        a.eventClear("ev");
        assertFalse(b.eventIsSet("ev"));
    }

    @Test
    void shouldReacquireTheLockAfterAConditionWait() throws Exception {
        assertEquals(ClusterOps.LOCK_ACQUIRED, a.lockAcquire("cl", true, 5, 0));
        assertEquals(ClusterOps.LOCK_ACQUIRED, a.lockAcquire("cl", true, 5, 0));
        assertFalse(a.conditionAwait("cv", "cl", 5, 100 * MS), "not notified: timed out");
        assertEquals(2, a.lockHoldCount("cl", 5), "holds restored after a timeout");
        final CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
            () -> a.conditionAwait("cv", "cl", 5, 10_000 * MS));
        Thread.sleep(200);
        assertEquals(ClusterOps.LOCK_ACQUIRED, b.lockAcquire("cl", true, 6, 5_000 * MS), "the waiter released it");
        b.conditionNotify("cv", 1);
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "the waiter needs the lock back first");
        b.lockRelease("cl", 6);
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(2, a.lockHoldCount("cl", 5));
        assertThrows(IllegalMonitorStateException.class, () -> b.conditionAwait("cv", "cl", 6, 0));
        a.lockRelease("cl", 5);
        a.lockRelease("cl", 5);
    }

    @Test
    void shouldReleaseABarrierAndBreakItOnTimeout() throws Exception {
        assertEquals(2, a.barrierCreate("bar", 2));
        final CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> a.barrierAwait("bar", 1, -1));
        Thread.sleep(100);
        assertEquals(1, b.barrierWaiting("bar"));
        assertEquals(0, b.barrierAwait("bar", 2, 5_000 * MS));
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(ClusterOps.BARRIER_BROKEN, a.barrierAwait("bar", 1, 100 * MS));
        assertTrue(b.barrierIsBroken("bar"));
        b.barrierReset("bar");
        assertFalse(a.barrierIsBroken("bar"));
    }

    @Test
    void shouldRefuseAnOversizedItemBeforeSending() {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> a.queueOffer("q-big", new byte[ClusterProtocol.MAX_COMMAND_LENGTH], 0));
        assertTrue(refused.getMessage().contains(Integer.toString(ClusterProtocol.MAX_COMMAND_LENGTH)),
            refused.getMessage());
        assertEquals(0, a.queueSize("q-big"));
    }

    @Test
    void shouldDeleteAnObjectAndAnswerItsWaiters() throws Exception {
        final CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> b.queuePoll("gone", -1));
        Thread.sleep(100);
        assertTrue(a.delete("queue", "gone"));
        assertNull(waiting.get(10, TimeUnit.SECONDS));
        assertFalse(a.delete("queue", "gone"));
        assertThrows(IllegalArgumentException.class, () -> a.delete("nonsense", "x"));
    }

    @Test
    void shouldRefuseAWrongKeyWithANamedException() {
        final long start = System.nanoTime();
        assertThrows(AuthenticationException.class, () -> ClusterClient.connect(new ClusterClientOptions()
            .members(cluster.endpoints()).key(b("not the key at all")).connectTimeout(Duration.ofSeconds(10))));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "refused quickly");
    }

    @Test
    void shouldTimeOutConnectingToNoCluster() {
        final long start = System.nanoTime();
        assertThrows(ShmprocTimeoutException.class, () -> ClusterClient.connect(new ClusterClientOptions()
            .members("localhost:9").key(cluster.key().getBytes(StandardCharsets.UTF_8)).connectTimeout(Duration.ofSeconds(1))));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "within the connect timeout");
    }

    /** Starts a child JVM that does {@code action} on {@code name}, and waits for its line starting {@code until}. */
    private static Process child(final String action, final String name, final String until) throws IOException {
        final Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
            ClusterChildMain.class.getName(), cluster.endpoints(), cluster.key(),
            action, name).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith(until));
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the child ended before printing '" + until + "'");
        }
        lastLine = line;
        return process;
    }

    private static String lastLine;

    /** SIGKILLs a child and removes the private driver directory its client could not delete. */
    private static void kill(final Process process) throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            files.filter(p -> p.getFileName().toString().startsWith("shmproc-client-" + process.pid() + "-"))
                .forEach(SharedDirectory::deleteTree);
        }
    }

    @Test
    void shouldPassALockOfADeadSessionWithOwnerDied() throws Exception {
        final Process holder = child("lock", "dead-lock", "done");
        try {
            assertEquals("done " + ClusterOps.LOCK_ACQUIRED, lastLine);
            assertEquals(ClusterOps.LOCK_TIMED_OUT, a.lockAcquire("dead-lock", false, tid(), 0));
            kill(holder);
            final long start = System.nanoTime();
            assertEquals(ClusterOps.LOCK_ACQUIRED_OWNER_DIED, a.lockAcquire("dead-lock", false, tid(), 20_000 * MS));
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs < ClusterMember.SESSION_TIMEOUT_MS + 3000, "passed on after " + tookMs + " ms");
            System.out.println("owner-died lock passed on " + tookMs + " ms after the holder's SIGKILL");
            a.lockRelease("dead-lock", tid());
        } finally {
            kill(holder);
        }
    }

    @Test
    void shouldRedeliverTheItemsOfADeadConsumerAtTheHead() throws Exception {
        a.queueCreate("redeliver", 0, true);
        a.queueOffer("redeliver", b("first"), 0);
        a.queueOffer("redeliver", b("second"), 0);
        final Process consumer = child("take", "redeliver", "done");
        try {
            assertEquals("done first", lastLine);
            assertEquals(1, a.queueSize("redeliver"));
            kill(consumer);
            final long start = System.nanoTime();
            while (a.queueSize("redeliver") < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(50);
            }
            assertEquals("first", s(b.queuePoll("redeliver", 0)), "the dead consumer's item is at the head again");
            assertEquals("second", s(b.queuePoll("redeliver", 0)));
            assertEquals(2, a.queueUnfinished("redeliver"));
            b.queueTaskDone("redeliver");
            b.queueTaskDone("redeliver");
            assertTrue(a.queueJoin("redeliver", 0));
        } finally {
            kill(consumer);
        }
    }

    @Test
    void shouldBreakABarrierWhenAWaitingPartyDies() throws Exception {
        a.barrierCreate("dead-party", 3);
        final Process party = child("barrier", "dead-party", "waiting");
        try {
            final long start = System.nanoTime();
            while (a.barrierWaiting("dead-party") < 1 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(20);
            }
            final CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                () -> a.barrierAwait("dead-party", tid(), -1));
            Thread.sleep(100);
            kill(party);
            assertEquals(ClusterOps.BARRIER_BROKEN, waiting.get(20, TimeUnit.SECONDS));
            assertTrue(b.barrierIsBroken("dead-party"));
        } finally {
            kill(party);
        }
    }

    @Test
    void shouldReleaseLocksWithoutOwnerDiedWhenASessionClosesCleanly() throws Exception {
        try (ClusterClient c = cluster.connect()) {
            assertEquals(ClusterOps.LOCK_ACQUIRED, c.lockAcquire("closed-lock", false, tid(), 0));
        }
        assertEquals(ClusterOps.LOCK_ACQUIRED, b.lockAcquire("closed-lock", false, tid(), 5_000 * MS));
        b.lockRelease("closed-lock", tid());
    }

    @Test
    void shouldCancelAWaitWhenItsThreadIsInterrupted() throws Exception {
        final CompletableFuture<Object[]> result = new CompletableFuture<>();
        final Thread waiter = new Thread(() -> {
            final byte[] item = b.queuePoll("interrupted", -1);
            result.complete(new Object[] {item, Thread.currentThread().isInterrupted()});
        });
        waiter.start();
        Thread.sleep(200);
        waiter.interrupt();
        final Object[] answer = result.get(10, TimeUnit.SECONDS);
        assertNull(answer[0], "the cancelled poll answers as a timeout");
        assertEquals(Boolean.TRUE, answer[1], "the interrupt status is kept");
        a.queueOffer("interrupted", b("kept"), 0);
        assertEquals("kept", s(a.queuePoll("interrupted", 0)), "the cancelled waiter took nothing");
    }

    @Test
    void shouldNameTheMissingJvmFlagWhenSelfExportIsForbidden() throws Exception {
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-XX:-UsePerfData", "-D" + JdkInternalMisc.SELF_EXPORT_PROPERTY + "=false",
            "-cp", System.getProperty("java.class.path"), ClusterChildMain.class.getName(), cluster.endpoints(),
            cluster.key(), "lock", "never-taken").redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, child.exitValue(), output);
        assertTrue(output.contains("MissingJvmFlagException") && output.contains(JdkInternalMisc.FLAG), output);
    }

    @Test
    void shouldThrowClosedExceptionAfterClose() {
        final ClusterClient c = cluster.connect();
        c.close();
        assertThrows(io.shmproc.exceptions.ClosedException.class, () -> c.wordGet("words", 0));
    }
}
